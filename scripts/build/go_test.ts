import assert from "node:assert/strict";
import { join } from "node:path";
import { findRunnables, REPO_ROOT, sameBytes } from "./core.ts";
import {
  buildGoRunnable,
  buildGoRunnables,
  GO_BUILD_FLAGS,
  GO_TOOLCHAIN,
  goBuildEnv,
  goVersion,
  isGoLang,
  verifyGoModule,
} from "./go.ts";

const GO_EXAMPLES = join(REPO_ROOT, "examples", "go");
const HAS_GO = (await goVersion()) !== null;

Deno.test({
  name: "rebuilding every Go example reproduces the committed .wasm",
  ignore: !HAS_GO,
  async fn() {
    const reports = await buildGoRunnables([GO_EXAMPLES], { check: true });
    assert.ok(reports.length > 0, `no Go Runnables found under ${GO_EXAMPLES}`);
    const differing = reports.filter((r) => r.changed).map((r) => r.wasmPath);
    assert.deepEqual(
      differing,
      [],
      `rebuilt modules differ from the committed ones; run \`deno run -A scripts/build/go.ts\``,
    );
  },
});

Deno.test({
  name: "two builds of a Go Runnable give identical bytes",
  ignore: !HAS_GO,
  async fn() {
    const dir = join(GO_EXAMPLES, "hello");
    assert.ok(sameBytes(await buildGoRunnable(dir), await buildGoRunnable(dir)));
  },
});

Deno.test("the Go examples are found with lang go", async () => {
  const runnables = await findRunnables(GO_EXAMPLES);
  assert.deepEqual(runnables.map((r) => `${r.namespace}::${r.name} (${r.lang})`), [
    "default::cache-get (go)",
    "default::cache-set (go)",
    "default::find-planet (go)",
    "default::get-file (go)",
    "default::hello (go)",
    "default::inspect (go)",
    "default::rewrite (go)",
    "default::shout (go)",
    "default::visit (go)",
  ]);
  assert.ok(runnables.every((r) => isGoLang(r.lang)));
  assert.ok(isGoLang("Go"));
  assert.ok(!isGoLang("tinygo"), "TinyGo Runnables use Atmo's TinyGo SDK, not this build");
});

Deno.test("committed Go modules are WASI reactors with the Runnable ABI shape", async () => {
  for (const runnable of await findRunnables(GO_EXAMPLES)) {
    const bytes = await Deno.readFile(join(runnable.dir, `${runnable.name}.wasm`));
    verifyGoModule(bytes, runnable.dir);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    assert.ok(!exports.includes("_start"), `${runnable.name} must not be a command`);
  }
});

Deno.test("a module that is not a reactor is refused", async () => {
  const asc = await Deno.readFile(join(REPO_ROOT, "examples", "hello", "hello", "hello.wasm"));
  assert.throws(
    () => verifyGoModule(asc, "hello"),
    /expected a WASI reactor exporting _initialize/,
  );
});

Deno.test("builds are pinned: toolchain, target and flags", () => {
  const env = goBuildEnv();
  assert.equal(env.GOTOOLCHAIN, GO_TOOLCHAIN);
  assert.equal(env.GOOS, "wasip1");
  assert.equal(env.GOARCH, "wasm");
  assert.equal(env.GOFLAGS, "", "GOFLAGS from the environment must not change the build");
  for (const flag of ["-buildmode=c-shared", "-trimpath", "-buildvcs=false", "-ldflags=-s -w"]) {
    assert.ok(GO_BUILD_FLAGS.includes(flag), flag);
  }
});

Deno.test({
  name: "a build error reports Go's diagnostics",
  ignore: !HAS_GO,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stratos_go_broken_" });
    try {
      await Deno.writeTextFile(join(dir, "go.mod"), "module broken\n\ngo 1.24\n");
      await Deno.writeTextFile(
        join(dir, "main.go"),
        "package main\n\nfunc main() { undefined() }\n",
      );
      await assert.rejects(
        () => buildGoRunnable(dir),
        (err: Error) => {
          assert.match(err.message, /^failed to build .*:\n/);
          assert.match(err.message, /undefined: undefined/);
          return true;
        },
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("a missing go command is a clear error", async () => {
  await assert.rejects(
    () => buildGoRunnable(join(GO_EXAMPLES, "hello"), { go: "stratos-no-such-go" }),
    /the Go command 'stratos-no-such-go' is not installed/,
  );
  assert.equal(await goVersion("stratos-no-such-go"), null);
});
