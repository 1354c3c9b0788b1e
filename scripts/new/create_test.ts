import assert from "node:assert/strict";
import { join } from "node:path";
import { BuildError, findRunnables } from "../build/mod.ts";
import { addRunnable, createApp } from "./create.ts";
import { GO_SDK_DIR, GO_SDK_MODULE } from "./go.ts";
import { templateOf } from "./languages.ts";

/** Every file below `dir` with its text, by relative path. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (sub: string) => {
    for await (const entry of Deno.readDir(join(dir, sub))) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path);
      else files[path] = await Deno.readTextFile(join(dir, path));
    }
  };
  await walk("");
  return files;
}

async function inTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stratos_new_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("createApp - each language's app: Directive, README, .gitignore and hello", async () => {
  await inTemp(async (dir) => {
    const expected: Record<string, string[]> = {
      assemblyscript: ["hello/asconfig.json", "hello/src/index.ts", "hello/src/lib.ts"],
      rust: ["hello/Cargo.lock", "hello/Cargo.toml", "hello/src/lib.rs"],
      go: ["go.mod", "hello/main.go"],
    };
    for (const [lang, own] of Object.entries(expected)) {
      const app = join(dir, `app-${lang}`);
      const created = await createApp(app, templateOf(lang));
      const files = await snapshot(app);
      assert.deepEqual(
        Object.keys(files).sort(),
        [".gitignore", "Directive.yaml", "README.md", "hello/.runnable.yaml", ...own].sort(),
      );
      assert.deepEqual([...created.files].sort(), Object.keys(files).sort());
      assert.match(
        files["Directive.yaml"],
        new RegExp(`identifier: com\\.example\\.app-${lang}\\n`),
      );
      assert.equal(
        files["hello/.runnable.yaml"],
        `name: hello\nnamespace: default\nlang: ${lang}\napiVersion: ${created.template.apiVersion}\n`,
      );
      const [runnable] = await findRunnables(app);
      assert.equal(runnable.lang, lang);
    }
    const goMod = await Deno.readTextFile(join(dir, "app-go", "go.mod"));
    assert.equal(
      goMod,
      `module app-go\n\ngo 1.24\n\nrequire ${GO_SDK_MODULE} v0.0.0\n\n` +
        `replace ${GO_SDK_MODULE} => ${GO_SDK_DIR}\n`,
    );
    assert.match(await Deno.readTextFile(join(dir, "app-rust", ".gitignore")), /^target\/$/m);
  });
});

Deno.test("createApp - refuses a bad name and a folder that is not empty, writing nothing", async () => {
  await inTemp(async (dir) => {
    const as = templateOf("as");
    await assert.rejects(
      createApp(join(dir, "My App"), as),
      /app name 'My App': expected a lowercase/,
    );
    await Deno.mkdir(join(dir, "taken"));
    await Deno.writeTextFile(join(dir, "taken", "notes.txt"), "mine\n");
    await assert.rejects(
      createApp(join(dir, "taken"), as),
      /taken already exists and is not empty/,
    );
    assert.deepEqual(await snapshot(dir), { "taken/notes.txt": "mine\n" });
    await Deno.mkdir(join(dir, "empty"));
    await createApp(join(dir, "empty"), as);
  });
});

Deno.test("addRunnable - in the app's language by default, with its handler", async () => {
  await inTemp(async (dir) => {
    const app = join(dir, "shop");
    await createApp(app, templateOf("rust"));
    const added = await addRunnable(app, "signup");
    assert.equal(added.template.lang, "rust");
    assert.deepEqual(added.files, [
      "signup/.runnable.yaml",
      "signup/Cargo.toml",
      "signup/Cargo.lock",
      "signup/src/lib.rs",
      "Directive.yaml",
    ]);
    assert.match(await Deno.readTextFile(join(app, "signup", "src", "lib.rs")), /struct Signup;/);
    assert.match(
      await Deno.readTextFile(join(app, "Directive.yaml")),
      /resource: \/signup\n {4}method: POST\n {4}steps:\n {6}- fn: signup\n$/,
    );
  });
});

Deno.test("addRunnable - another language brings what it needs to the app folder", async () => {
  await inTemp(async (dir) => {
    const app = join(dir, "mixed");
    await createApp(app, templateOf("assemblyscript"));
    const go = await addRunnable(app, "shout", templateOf("go"));
    assert.deepEqual(go.files, [
      "shout/.runnable.yaml",
      "shout/main.go",
      "go.mod",
      "Directive.yaml",
    ]);
    assert.match(await Deno.readTextFile(join(app, "go.mod")), /^module mixed\n/);
    // A second Go Runnable finds go.mod as it is.
    assert.ok(!(await addRunnable(app, "whisper", templateOf("go"))).files.includes("go.mod"));
    const rust = await addRunnable(app, "count", templateOf("rs"));
    assert.ok(rust.files.includes(".gitignore"));
    assert.equal(
      await Deno.readTextFile(join(app, ".gitignore")),
      "*.wasm\n*.wasm.zip\nnode_modules/\ntarget/\n",
    );
    const names = (await findRunnables(app)).map((r) => `${r.name}:${r.lang}`);
    assert.deepEqual(names, ["count:rust", "hello:assemblyscript", "shout:go", "whisper:go"]);
  });
});

Deno.test("addRunnable - a go.mod of the user's own gets the SDK's lines appended", async () => {
  await inTemp(async (dir) => {
    await Deno.writeTextFile(join(dir, "Directive.yaml"), "identifier: com.x\n");
    await Deno.writeTextFile(join(dir, "go.mod"), "module example.com/mine\n\ngo 1.25\n");
    await addRunnable(dir, "hello", templateOf("go"));
    assert.equal(
      await Deno.readTextFile(join(dir, "go.mod")),
      `module example.com/mine\n\ngo 1.25\n\nrequire ${GO_SDK_MODULE} v0.0.0\n\n` +
        `replace ${GO_SDK_MODULE} => ${GO_SDK_DIR}\n`,
    );
    assert.equal(await Deno.stat(join(dir, ".gitignore")).catch(() => null), null, "none made");
  });
});

Deno.test("addRunnable - every refusal leaves the app as it was", async () => {
  await inTemp(async (dir) => {
    const app = join(dir, "demo");
    await createApp(app, templateOf("go"));
    const before = await snapshot(app);
    const refusals: [() => Promise<unknown>, RegExp][] = [
      [() => addRunnable(dir, "x"), /has no Directive\.yaml: run `stratos new runnable` in an app/],
      [() => addRunnable(app, "Sign-Up"), /Runnable name 'Sign-Up': expected a lowercase letter/],
      [() => addRunnable(app, "hello"), /demo\/hello already exists/],
      [() => addRunnable(app, "syn", templateOf("rust")), /the name of a crate it depends on/],
    ];
    for (const [refused, message] of refusals) {
      await assert.rejects(refused, (e) => e instanceof BuildError && message.test(e.message));
    }
    // A handler for the route without a folder of that name.
    const directive = join(app, "Directive.yaml");
    const text = before["Directive.yaml"] + "  - type: request\n    resource: /taken\n" +
      "    method: POST\n    steps:\n      - fn: hello\n";
    await Deno.writeTextFile(directive, text);
    await assert.rejects(addRunnable(app, "taken"), /a handler for POST \/taken is already there/);
    assert.deepEqual(await snapshot(app), { ...before, "Directive.yaml": text });
  });
});
