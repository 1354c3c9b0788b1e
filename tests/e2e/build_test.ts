/**
 * End-to-end: `deno task build` as a user runs it, on projects in every language: modules and
 * bundles written and checked, refusals before anything is built, and the bundle served.
 */

import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { unzipSync } from "fflate";
import { parse } from "yaml";
import {
  BuildError,
  buildProject,
  REPO_ROOT,
  RustToolchainError,
  SDK_ASSEMBLY_DIR,
  verifyModule,
} from "../../scripts/build/mod.ts";
import { answerOf } from "../support/answer.ts";
import { startApp } from "../support/app.ts";

/** In CI a missing Rust toolchain is installed (as scripts/build/rust_test.ts does). */
const IN_CI = Deno.env.get("CI") !== undefined;

const CONFORMANCE = join(REPO_ROOT, "examples", "conformance");

/** A WAT Runnable answering "hello from wat" (Subo's layout: `lib.wat`). */
const WAT = `(module
  (import "env" "return_result" (func $return_result (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wat")
  (global $heap (mut i32) (i32.const 1024))
  (func (export "allocate") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (local.get $p))
  (func (export "deallocate") (param i32 i32) (global.set $heap (i32.const 1024)))
  (func (export "run_e") (param $ptr i32) (param $size i32) (param $ident i32)
    (call $return_result (i32.const 16) (i32.const 14) (local.get $ident))))
`;

const HEADER = "identifier: com.stratos.buildtest\nappVersion: v0.1.0\natmoVersion: v0.4.7\n";

/** `.runnable.yaml` of a Runnable. */
function spec(name: string, lang: string): string {
  return `name: ${name}\nnamespace: default\nlang: ${lang}\n`;
}

/** Writes `files` (path relative to `dir` → text) into `dir`, creating folders. */
async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
}

/** Copies `names` of the conformance app's `lang` folder's Runnable `runnable` into `dir`. */
async function copySources(dir: string, lang: string, runnable: string, names: string[]) {
  const files: Record<string, string> = {};
  for (const name of names) {
    files[`${runnable}/${name}`] = await Deno.readTextFile(join(CONFORMANCE, lang, runnable, name));
  }
  await writeFiles(dir, files);
}

/** The AssemblyScript Runnable `hello` of the conformance app, its SDK imports made to work from `dir`. */
async function assemblyScriptHello(dir: string): Promise<void> {
  const sdk = relative(join(dir, "hello", "src"), SDK_ASSEMBLY_DIR);
  const source = (name: string) =>
    Deno.readTextFile(join(CONFORMANCE, "ts", "hello", "src", name)).then((text) =>
      text.replaceAll("../../../../../sdk/assemblyscript/assembly", sdk)
    );
  await writeFiles(dir, {
    "hello/.runnable.yaml": spec("hello", "assemblyscript"),
    "hello/src/index.ts": await source("index.ts"),
    "hello/src/lib.ts": await source("lib.ts"),
  });
}

/**
 * A project in a new temp folder with Runnables in AssemblyScript (`hello`), Go (`shout`), Rust
 * (`combine`, when `rust`) and WAT (`wat`), from the conformance app's sources, and `static/`.
 */
async function mixedProject(options: { rust: boolean }): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-build-mixed-" });
  await assemblyScriptHello(dir);
  await copySources(dir, "go", "shout", ["main.go", ".runnable.yaml"]);
  if (options.rust) {
    await copySources(dir, "rust", "combine", [
      ".runnable.yaml",
      "Cargo.toml",
      "Cargo.lock",
      "src/lib.rs",
    ]);
  }
  const combine = options.rust
    ? `  - type: request\n    resource: /combine\n    method: POST\n    steps:\n` +
      `      - fn: hello\n        as: a\n      - fn: shout\n        as: b\n      - fn: combine\n`
    : "";
  await writeFiles(dir, {
    "go.mod":
      `module example.com/mixed\n\ngo 1.24\n\nrequire github.com/stratos-run/stratos/sdk/go v0.0.0\n\n` +
      `replace github.com/stratos-run/stratos/sdk/go => ${join(REPO_ROOT, "sdk", "go")}\n`,
    "wat/.runnable.yaml": spec("wat", "wat"),
    "wat/lib.wat": WAT,
    "static/note.txt": "a static file\n",
    "Directive.yaml": HEADER + "handlers:\n" +
      "  - type: request\n    resource: /shout\n    method: POST\n    steps:\n" +
      "      - fn: hello\n        as: greeting\n      - fn: shout\n        with:\n" +
      "          text: greeting\n" +
      "  - type: request\n    resource: /wat\n    method: GET\n    steps:\n      - fn: wat\n" +
      combine,
  });
  return dir;
}

/**
 * Runs `deno task build args...` in `cwd` (default: the repository root) with this repository's
 * deno.json, as a user would from that folder.
 */
async function denoTaskBuild(args: string[], cwd = REPO_ROOT) {
  // deno task keeps an INIT_CWD it inherits (from `deno task test`): leave it out.
  const { INIT_CWD: _, ...env } = Deno.env.toObject();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "--config", join(REPO_ROOT, "deno.json"), "build", ...args],
    cwd,
    env: { ...env, NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** Asserts a command's error output is a message, not a stack trace. */
function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at /m, stderr);
  assert.doesNotMatch(stderr, /\.ts:\d+:\d+/, stderr);
}

Deno.test("build - deno task build --bundle: a mixed-language project is built, bundled and served", async (t) => {
  const dir = await mixedProject({ rust: true });
  const bundle = join(dir, "dist", "mixed.wasm.zip");
  await Deno.mkdir(join(dir, "dist"));
  try {
    await t.step("every Runnable is built into <folder>/<name>.wasm, then the bundle", async () => {
      const install = IN_CI ? ["--install"] : [];
      const run = await denoTaskBuild(["--bundle", "dist/mixed.wasm.zip", ...install], dir);
      assert.equal(run.code, 0, run.stderr + run.stdout);
      for (
        const [name, lang] of [
          ["combine", "rust"],
          ["hello", "assemblyscript"],
          ["shout", "go"],
          ["wat", "wat"],
        ]
      ) {
        assert.match(
          run.stdout,
          new RegExp(`^${name}/${name}\\.wasm  ${lang}  \\d+ bytes  written`, "m"),
        );
        verifyModule(await Deno.readFile(join(dir, name, `${name}.wasm`)), name);
      }
      assert.match(run.stdout, /^dist\/mixed\.wasm\.zip {2}bundle {2}\d+ bytes {2}written$/m);
      assert.match(run.stdout, /^4 Runnables in \d+\.\d s$/m);
    });

    await t.step("the bundle has Atmo's layout", async () => {
      const entries = unzipSync(await Deno.readFile(bundle));
      assert.deepEqual(Object.keys(entries).sort(), [
        "Directive.yaml",
        "combine.wasm",
        "hello.wasm",
        "shout.wasm",
        "static/note.txt",
        "wat.wasm",
      ]);
      const directive = parse(new TextDecoder().decode(entries["Directive.yaml"]));
      assert.deepEqual(
        directive.runnables.map((r: { fqfn: string; lang: string }) => `${r.fqfn} ${r.lang}`),
        [
          "com.stratos.buildtest#default::combine@v0.1.0 rust",
          "com.stratos.buildtest#default::hello@v0.1.0 assemblyscript",
          "com.stratos.buildtest#default::shout@v0.1.0 go",
          "com.stratos.buildtest#default::wat@v0.1.0 wat",
        ],
      );
    });

    await t.step("Stratos serves the bundle", async () => {
      const app = await startApp(bundle);
      try {
        const post = { method: "POST", body: "world" };
        const octets = { "content-length": "12", "content-type": "application/octet-stream" };
        assert.deepEqual(await answerOf(app, "/shout", post), {
          status: 200,
          headers: octets,
          body: "HELLO WORLD!",
        });
        assert.deepEqual(await answerOf(app, "/combine", post), {
          status: 200,
          headers: { ...octets, "content-length": "20" },
          body: "hello world | WORLD!",
        });
        assert.deepEqual(await answerOf(app, "/wat"), {
          status: 200,
          headers: { ...octets, "content-length": "14" },
          body: "hello from wat",
        });
      } finally {
        await app.stop();
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("build - --check compares with the modules and bundle on disk and writes nothing", async () => {
  const dir = await mixedProject({ rust: false });
  const bundle = join(dir, "app.wasm.zip");
  try {
    assert.equal((await denoTaskBuild([dir, `--bundle=${bundle}`])).code, 0);
    const same = await denoTaskBuild([".", "--check", "--bundle", "app.wasm.zip"], dir);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^hello\/hello\.wasm {2}assemblyscript {2}\d+ bytes {2}ok/m);
    assert.match(same.stdout, /^app\.wasm\.zip {2}bundle {2}\d+ bytes {2}ok$/m);

    const stale = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    await Deno.writeFile(join(dir, "wat", "wat.wasm"), stale);
    const differs = await denoTaskBuild(["--check"], dir);
    assert.equal(differs.code, 1);
    assert.match(differs.stdout, /^wat\/wat\.wasm {2}wat {2}\d+ bytes {2}DIFFERS/m);
    assert.match(differs.stdout, /^shout\/shout\.wasm {2}go {2}\d+ bytes {2}ok/m);
    assert.deepEqual(await Deno.readFile(join(dir, "wat", "wat.wasm")), stale, "--check wrote");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("build - --bundle creates missing folders, and a bundle it cannot write fails before building", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos-build-out-" });
  try {
    await writeFiles(dir, {
      "Directive.yaml": HEADER + "handlers:\n  - type: request\n    resource: /wat\n" +
        "    method: GET\n    steps:\n      - fn: wat\n",
      "wat/.runnable.yaml": spec("wat", "wat"),
      "wat/lib.wat": WAT,
      "notes.txt": "a file, not a folder\n",
    });
    const blocked = await denoTaskBuild(["--bundle", "notes.txt/app.wasm.zip"], dir);
    assert.equal(blocked.code, 1);
    assert.match(
      blocked.stderr,
      new RegExp(`^error: cannot write the bundle ${join(dir, "notes.txt", "app.wasm.zip")}: `),
    );
    assertNoStack(blocked.stderr);
    assert.equal(blocked.stdout, "", "nothing was built");
    assert.equal(await Deno.stat(join(dir, "wat", "wat.wasm")).catch(() => null), null);

    const folder = await denoTaskBuild(["--bundle", "top.wasm.zip"], dir);
    assert.equal(folder.code, 0, "a bundle in the project folder itself");
    await Deno.mkdir(join(dir, "taken.wasm.zip"));
    const taken = await denoTaskBuild(["--bundle", "taken.wasm.zip"], dir);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /taken\.wasm\.zip: it is a folder/);

    const made = await denoTaskBuild(["--bundle", "out/deep/app.wasm.zip"], dir);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /^out\/deep\/app\.wasm\.zip {2}bundle {2}\d+ bytes {2}written$/m);
    assert.ok(unzipSync(await Deno.readFile(join(dir, "out", "deep", "app.wasm.zip")))["wat.wasm"]);
    assert.deepEqual(
      (await Array.fromAsync(Deno.readDir(join(dir, "out", "deep")))).map((e) => e.name),
      ["app.wasm.zip"],
      "no probe file is left behind",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("build - a project with an unknown language is refused before anything is built", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos-build-unknown-" });
  try {
    await writeFiles(dir, {
      "Directive.yaml": HEADER,
      "legacy/.runnable.yaml": spec("legacy", "cobol"),
      "wat/.runnable.yaml": spec("wat", "wat"),
      "wat/lib.wat": WAT,
    });
    const run = await denoTaskBuild([dir]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr.trim(),
      `error: ${join(dir, "legacy")} (legacy): unknown lang 'cobol' ` +
        "(this build knows assemblyscript, as, rust, rs, go, wat)",
    );
    assertNoStack(run.stderr);
    assert.equal(await Deno.stat(join(dir, "wat", "wat.wasm")).catch(() => null), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("build - a missing toolchain says what to install", async () => {
  const dir = await mixedProject({ rust: true });
  try {
    const noGo = await buildProject(dir, { go: { go: "stratos-no-such-go" } }).catch((e) => e);
    assert.ok(noGo instanceof BuildError);
    assert.match(noGo.message, /^cannot build Go Runnables: the go command 'stratos-no-such-go'/);
    assert.match(noGo.message, /Install Go 1\.24 or later/);
    const noRust = await buildProject(dir, {
      rust: { toolchain: { cargo: "/nonexistent/cargo", rustc: "/nonexistent/rustc" } },
    }).catch((e) => e);
    assert.ok(noRust instanceof RustToolchainError);
    assert.match(noRust.message, /apt-get install -y rustc cargo libstd-rust-dev-wasm32 lld-14/);
    // Neither got as far as building anything.
    assert.equal(await Deno.stat(join(dir, "hello", "hello.wasm")).catch(() => null), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("build - the command line: usage errors exit 2, an invalid Directive exits 1", async () => {
  const usage = await denoTaskBuild(["--frobnicate"]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^error: unknown option --frobnicate\nusage: deno task build/);

  const dir = await Deno.makeTempDir({ prefix: "stratos-build-cli-" });
  try {
    await writeFiles(dir, {
      "Directive.yaml": HEADER + "handlers:\n  - type: request\n    resource: /x\n    steps:\n" +
        "      - fn: nothing\n",
      "wat/.runnable.yaml": spec("wat", "wat"),
      "wat/lib.wat": WAT,
    });
    const invalid = await denoTaskBuild([dir, "--bundle", join(dir, "app.wasm.zip")]);
    assert.equal(invalid.code, 1);
    const directive = join(dir, "Directive.yaml");
    assert.equal(
      invalid.stderr,
      "error: found 2 problems:\n" +
        `${directive}:5:5: handler for resource /x has type 'request', but does not specify a method\n` +
        `${directive}:8:13: handler for  /x lists fn at step 0 that does not exist: nothing ` +
        "(did you forget a namespace?)\n",
    );
    assertNoStack(invalid.stderr);
    assert.equal(await Deno.stat(join(dir, "app.wasm.zip")).catch(() => null), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("build - the committed Go conformance modules are what deno task build makes", async () => {
  const reports = await buildProject(join(CONFORMANCE, "go"), { check: true });
  assert.equal(reports.length, 9);
  assert.deepEqual(reports.filter((r) => r.changed).map((r) => r.wasmPath), []);
});
