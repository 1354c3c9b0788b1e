import assert from "node:assert/strict";
import { join } from "node:path";
import { BuildError, buildWatRunnable, languageOf, parseBuildArgs, UsageError } from "./project.ts";

Deno.test("build - Subo's other languages are refused with the reason", () => {
  const runnable = (lang: string) => ({ dir: "/p/r", name: "r", namespace: "default", lang });
  assert.throws(() => languageOf(runnable("tinygo")), (error: Error) => {
    assert.ok(error instanceof BuildError);
    assert.match(error.message, /^\/p\/r \(r\): lang 'tinygo': TinyGo .* is not supported: /);
    assert.match(error.message, /port the Runnable to sdk\/go and set `lang: go`/);
    return true;
  });
  assert.throws(() => languageOf(runnable("ts")), /set `lang: assemblyscript`/);
  assert.throws(() => languageOf(runnable("swift")), /Swift is not supported/);
  assert.throws(() => languageOf(runnable("")), /\.runnable\.yaml has no lang/);
  assert.throws(() => languageOf(runnable("constructor")), /unknown lang 'constructor'/);
  assert.deepEqual(
    ["AssemblyScript", "as", "RS", "rust", "go", "wat"].map((lang) => languageOf(runnable(lang))),
    ["assemblyscript", "assemblyscript", "rust", "rust", "go", "wat"],
  );
});

Deno.test("build - the command line: a path, --bundle with a .wasm.zip name, --check, --install", () => {
  assert.deepEqual(parseBuildArgs(["app", "--bundle", "a.wasm.zip", "--check"]), {
    path: "app",
    bundle: "a.wasm.zip",
    check: true,
    install: false,
    help: false,
  });
  assert.deepEqual(parseBuildArgs(["--install", "--bundle=b.wasm.zip"]), {
    path: ".",
    bundle: "b.wasm.zip",
    check: false,
    install: true,
    help: false,
  });
  assert.throws(() => parseBuildArgs(["--bundle"]), UsageError);
  assert.throws(
    () => parseBuildArgs(["--frobnicate"]),
    /^UsageError: unknown option --frobnicate\nusage: deno task build/,
  );
  assert.throws(() => parseBuildArgs(["a", "b"]), /one PATH at most/);
  assert.throws(
    () => parseBuildArgs(["--bundle=app.zip"]),
    /--bundle app\.zip: a bundle's name must end with \.wasm\.zip/,
  );
});

Deno.test("build - a WAT Runnable that does not compile reports wabt's error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos-build-wat-" });
  try {
    await Deno.writeTextFile(join(dir, "lib.wat"), '(module (func (export "run_e") (nop nop))');
    await assert.rejects(() => buildWatRunnable(dir), (error: Error) => {
      assert.ok(error instanceof BuildError);
      assert.match(error.message, /^failed to compile .*lib\.wat:\n/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
