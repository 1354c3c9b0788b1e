import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { openProject } from "./project.ts";
import { stratosError } from "../../tests/support/errors.ts";

const DIRECTIVE = "identifier: com.example.test\nappVersion: v0.1.0\natmoVersion: v0.4.7\n";
const decoder = new TextDecoder();

/** Writes `files` (path → text or bytes) into a fresh temp dir, runs `fn`, then removes it. */
async function withProject(
  files: Record<string, string | Uint8Array>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stratos_project_test_" });
  try {
    for (const [path, content] of Object.entries(files)) {
      const full = join(dir, path);
      await Deno.mkdir(dirname(full), { recursive: true });
      if (typeof content === "string") await Deno.writeTextFile(full, content);
      else await Deno.writeFile(full, content);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("openProject - reads a Subo Runnable folder with name and namespace defaults", async () => {
  const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  await withProject({
    "Directive.yaml": DIRECTIVE,
    "hello/.runnable.yaml": "lang: assemblyscript\napiVersion: 0.15.1\n",
    "hello/hello.wasm": wasm,
  }, async (dir) => {
    const app = await openProject(dir);
    assert.equal(app.kind, "project");
    assert.equal(app.location, dir);
    assert.equal(app.modules.length, 1);
    assert.deepEqual(app.modules[0], {
      name: "hello",
      namespace: "default",
      path: join(dir, "hello", "hello.wasm"),
      bytes: wasm,
    });
    assert.deepEqual(app.runnables, [{
      name: "hello",
      namespace: "default",
      fqfn: "",
      lang: "assemblyscript",
      apiVersion: "0.15.1",
    }]);
  });
});

Deno.test("openProject - a .runnable.yaml name and namespace override the folder name", async () => {
  await withProject({
    "Directive.yaml": DIRECTIVE,
    "folder/.runnable.yaml": "name: greet\nnamespace: people\nversion: v1.2.3\n",
    "folder/greet.wasm": "module bytes",
  }, async (dir) => {
    const app = await openProject(dir);
    assert.deepEqual(
      app.modules.map((m) => [m.name, m.namespace, m.path]),
      [["greet", "people", join(dir, "folder", "greet.wasm")]],
    );
    assert.equal(app.runnables[0].name, "greet");
    assert.equal(app.runnables[0].namespace, "people");
    assert.equal(app.runnables[0].version, "v1.2.3");
    assert.equal(app.runnables[0].lang, undefined);
  });
});

Deno.test("openProject - finds top-level <name>.wasm modules in the default namespace", async () => {
  await withProject({
    "Directive.yaml": DIRECTIVE,
    "zeta.wasm": "z",
    "alpha.wasm": "a",
    "notes.txt": "not a module",
  }, async (dir) => {
    const app = await openProject(dir);
    assert.deepEqual(app.modules.map((m) => m.name), ["alpha", "zeta"]);
    assert.equal(app.modules[0].path, join(dir, "alpha.wasm"));
    assert.equal(decoder.decode(app.modules[1].bytes), "z");
    assert.deepEqual(
      app.runnables.map((r) => `${r.namespace}::${r.name}`),
      ["default::alpha", "default::zeta"],
    );
  });
});

Deno.test("openProject - a folder without .runnable.yaml is not a Runnable", async () => {
  await withProject({
    "Directive.yaml": DIRECTIVE,
    "lib/lib.wasm": "x",
    "static/index.html": "<p>",
  }, async (dir) => {
    const app = await openProject(dir);
    assert.deepEqual(app.modules, []);
    assert.deepEqual(app.runnables, []);
  });
});

Deno.test("openProject - a Runnable folder without its module is reported as not built", async () => {
  await withProject({
    "Directive.yaml": DIRECTIVE,
    "hello/.runnable.yaml": "lang: rust\n",
    "hello/src/lib.rs": "",
  }, async (dir) => {
    const wasm = join(dir, "hello", "hello.wasm").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await assert.rejects(
      openProject(dir),
      stratosError("STRATOS_ERR_MODULE_NOT_BUILT", new RegExp(`'hello'.*${wasm}`)),
    );
  });
});

Deno.test("openProject - a folder without Directive.yaml is not an app", async () => {
  await withProject({ "hello.wasm": "x" }, async (dir) => {
    await assert.rejects(
      openProject(dir),
      stratosError(
        "STRATOS_ERR_APP_NOT_FOUND",
        `${dir} has no Directive.yaml (expected a project folder or a .wasm.zip bundle)`,
      ),
    );
  });
});

Deno.test("openProject - reads the Directive and picks up Queries.yaml", async () => {
  const queries = "queries:\n  - name: all\n    query: SELECT * FROM users\n";
  await withProject({ "Directive.yaml": DIRECTIVE, "Queries.yaml": queries }, async (dir) => {
    const app = await openProject(dir);
    assert.deepEqual(app.directive, {
      path: join(dir, "Directive.yaml"),
      text: DIRECTIVE,
      queries: { path: join(dir, "Queries.yaml"), text: queries },
    });
  });
});

Deno.test("openProject - without Queries.yaml there are no queries", async () => {
  await withProject({ "Directive.yaml": DIRECTIVE }, async (dir) => {
    const app = await openProject(dir);
    assert.equal(app.directive.queries, undefined);
    assert.equal(app.directive.text, DIRECTIVE);
  });
});

Deno.test("openProject - static files are read from static/, directories and escapes are not", async () => {
  await withProject({
    "Directive.yaml": DIRECTIVE,
    "secret.txt": "outside",
    "static/index.html": "<h1>home</h1>",
    "static/css/site.css": "body{}",
  }, async (dir) => {
    const app = await openProject(dir);
    const read = (name: string) => {
      const bytes = app.staticFile(name);
      return bytes === undefined ? undefined : decoder.decode(bytes);
    };
    assert.equal(read("index.html"), "<h1>home</h1>");
    assert.equal(read("static/index.html"), "<h1>home</h1>");
    assert.equal(read("/css/site.css"), "body{}");
    assert.equal(read("css"), undefined, "a directory reads as undefined");
    assert.equal(read("missing.txt"), undefined);
    assert.equal(read("../secret.txt"), undefined);
  });
});

Deno.test("openProject - a symlinked top-level module is found", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "Directive.yaml"), DIRECTIVE);
    await Deno.writeFile(join(dir, "real.bin"), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    await Deno.symlink(join(dir, "real.bin"), join(dir, "linked.wasm"));
    const app = await openProject(dir);
    assert.deepEqual(app.modules.map((m) => m.name), ["linked"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/** Runs `fn` with a project (`files`) and a folder outside it holding `secret.txt`. */
async function withOutside(
  files: Record<string, string | Uint8Array>,
  fn: (dir: string, outside: string) => Promise<void>,
): Promise<void> {
  const outside = await Deno.makeTempDir({ prefix: "stratos_outside_" });
  try {
    await Deno.writeTextFile(join(outside, "secret.txt"), "secret");
    await Deno.writeFile(join(outside, "other.wasm"), WASM);
    await Deno.writeTextFile(join(outside, ".runnable.yaml"), "name: other\n");
    await withProject(files, (dir) => fn(dir, outside));
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
}

const escapes = (link: string) =>
  stratosError(
    "STRATOS_ERR_APP_ESCAPE",
    new RegExp(`^${link.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is a symlink to .*outside the app`),
  );

Deno.test("openProject - a Directive.yaml or Queries.yaml linked outside is refused", async () => {
  await withOutside({}, async (dir, outside) => {
    await Deno.symlink(join(outside, "secret.txt"), join(dir, "Directive.yaml"));
    await assert.rejects(openProject(dir), escapes(join(dir, "Directive.yaml")));
  });
  await withOutside({ "Directive.yaml": DIRECTIVE }, async (dir, outside) => {
    await Deno.symlink(join(outside, "secret.txt"), join(dir, "Queries.yaml"));
    await assert.rejects(openProject(dir), escapes(join(dir, "Queries.yaml")));
  });
});

Deno.test("openProject - a top-level module linked outside is refused", async () => {
  await withOutside({ "Directive.yaml": DIRECTIVE }, async (dir, outside) => {
    await Deno.symlink(join(outside, "other.wasm"), join(dir, "other.wasm"));
    await assert.rejects(openProject(dir), escapes(join(dir, "other.wasm")));
  });
});

Deno.test("openProject - a Runnable folder linked outside is refused, one linked inside loads", async () => {
  await withOutside({ "Directive.yaml": DIRECTIVE }, async (dir, outside) => {
    await Deno.symlink(outside, join(dir, "other"));
    await assert.rejects(openProject(dir), escapes(join(dir, "other")));
  });
  await withOutside({
    "Directive.yaml": DIRECTIVE,
    "shared/greet/.runnable.yaml": "name: greet\n",
    "shared/greet/greet.wasm": WASM,
  }, async (dir) => {
    await Deno.symlink(join(dir, "shared", "greet"), join(dir, "greet"));
    const app = await openProject(dir);
    assert.deepEqual(app.modules.map((m) => m.path), [join(dir, "greet", "greet.wasm")]);
  });
});

Deno.test("openProject - a module or .runnable.yaml in a Runnable folder linked outside is refused", async () => {
  await withOutside({
    "Directive.yaml": DIRECTIVE,
    "hello/.runnable.yaml": "lang: rust\n",
  }, async (dir, outside) => {
    await Deno.symlink(join(outside, "other.wasm"), join(dir, "hello", "hello.wasm"));
    await assert.rejects(openProject(dir), escapes(join(dir, "hello", "hello.wasm")));
  });
  await withOutside(
    { "Directive.yaml": DIRECTIVE, "other/other.wasm": WASM },
    async (dir, outside) => {
      await Deno.symlink(join(outside, ".runnable.yaml"), join(dir, "other", ".runnable.yaml"));
      await assert.rejects(openProject(dir), escapes(join(dir, "other", ".runnable.yaml")));
    },
  );
});

Deno.test("openProject - a static link to / is refused at start, naming it", async () => {
  await withOutside({ "Directive.yaml": DIRECTIVE, "static/a/b.txt": "b" }, async (dir) => {
    const link = join(dir, "static", "a", "root");
    await Deno.symlink("/", link);
    await assert.rejects(
      openProject(dir),
      stratosError(
        "STRATOS_ERR_APP_ESCAPE",
        `${link} is a symlink to /, which resolves to /, outside the app folder ${dir} ` +
          "(symlinks may only lead to files inside it)",
      ),
    );
  });
});

Deno.test("openProject - static links made after start read as missing when they lead outside", async () => {
  await withOutside({
    "Directive.yaml": DIRECTIVE,
    "static/index.html": "<h1>home</h1>",
    "notes.txt": "inside the app",
  }, async (dir, outside) => {
    const app = await openProject(dir);
    const stat = join(dir, "static");
    await Deno.symlink("/", join(stat, "root"));
    await Deno.symlink(join(outside, "secret.txt"), join(stat, "secret.txt"));
    await Deno.symlink(outside, join(stat, "out"));
    await Deno.symlink("index.html", join(stat, "alias.html"));
    await Deno.symlink("../notes.txt", join(stat, "notes.txt"));
    for (const name of ["root/etc/passwd", "root/etc/hostname", "secret.txt", "out/secret.txt"]) {
      assert.equal(app.staticFile(name), undefined, name);
    }
    assert.equal(decoder.decode(app.staticFile("alias.html")), "<h1>home</h1>");
    assert.equal(decoder.decode(app.staticFile("notes.txt")), "inside the app");
  });
});

Deno.test("openProject - a FIFO in static/ reads as missing instead of blocking", async () => {
  await withOutside({ "Directive.yaml": DIRECTIVE, "static/index.html": "home" }, async (dir) => {
    const fifo = join(dir, "static", "pipe");
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.ok(made.success, "mkfifo");
    const app = await openProject(dir);
    assert.equal(app.staticFile("pipe"), undefined);
  });
});
