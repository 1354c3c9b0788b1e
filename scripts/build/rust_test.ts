import assert from "node:assert/strict";
import { join } from "node:path";
import { findRunnables, REPO_ROOT, sameBytes } from "./core.ts";
import {
  buildRustRunnable,
  buildRustRunnables,
  checkRustToolchain,
  isRust,
  RustToolchainError,
} from "./rust.ts";

const RUST_DIRS = [
  join(REPO_ROOT, "examples", "rust"),
  join(REPO_ROOT, "tests", "rust", "fixtures"),
];
/** Everything rebuilt from source in CI: the examples, the fixtures and the conformance app. */
const REBUILT_DIRS = [...RUST_DIRS, join(REPO_ROOT, "examples", "conformance", "rust")];
const INSTALL_HINT = "apt-get install -y rustc cargo libstd-rust-dev-wasm32 lld-14";

/** In CI the toolchain is installed when missing; elsewhere the rebuild tests need it present. */
const IN_CI = Deno.env.get("CI") !== undefined;
const HAVE_TOOLCHAIN = await checkRustToolchain().then(() => true, () => false);

Deno.test("a missing toolchain is reported with what to install", async () => {
  const error = await buildRustRunnable(join(RUST_DIRS[0], "hello"), {
    toolchain: { cargo: "/nonexistent/cargo", rustc: "/nonexistent/rustc" },
  }).catch((e) => e);
  assert.ok(error instanceof RustToolchainError);
  assert.match(error.message, /\/nonexistent\/rustc was not found/);
  assert.ok(error.message.includes(INSTALL_HINT), error.message);
});

Deno.test("a rustc without the wasm32-wasi standard library is reported", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos-fake-rustc-" });
  try {
    // A rustc whose wasm32-wasi library folder is empty, as rustup's toolchains here.
    const rustc = join(dir, "rustc");
    await Deno.writeTextFile(
      rustc,
      `#!/bin/sh\ncase "$1" in --version) echo "rustc 1.95.0 (fake)";; *) echo "${dir}";; esac\n`,
    );
    await Deno.chmod(rustc, 0o755);
    const error = await checkRustToolchain({ rustc, cargo: rustc }).catch((e) => e);
    assert.ok(error instanceof RustToolchainError);
    assert.match(error.message, /rustc 1\.95\.0 \(fake\) has no wasm32-wasi standard library/);
    assert.ok(error.message.includes(INSTALL_HINT), error.message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the Rust Runnables are found with their .runnable.yaml metadata", async () => {
  const found = [];
  for (const dir of RUST_DIRS) found.push(...(await findRunnables(dir)).filter(isRust));
  assert.deepEqual(found.map((r) => `${r.namespace}::${r.name} (${r.lang})`), [
    "default::cache (rust)",
    "default::fail (rust)",
    "default::fetch (rust)",
    "default::get-file (rust)",
    "default::graphql (rust)",
    "default::hello (rust)",
    "default::inspect (rust)",
    "default::notes (rust)",
    "default::rewrite (rust)",
    "default::env-var (rust)",
    "default::history (rust)",
    "default::limits (rust)",
  ]);
});

Deno.test({
  name: "rebuilding every Rust Runnable reproduces the committed .wasm",
  ignore: !HAVE_TOOLCHAIN && !IN_CI,
  async fn() {
    const reports = await buildRustRunnables(REBUILT_DIRS, { check: true, install: IN_CI });
    assert.equal(reports.length, 21);
    const differing = reports.filter((r) => r.changed).map((r) => r.wasmPath);
    assert.deepEqual(differing, [], "run `deno run -A scripts/build/rust.ts examples/rust`");
  },
});

Deno.test({
  name: "a build with an empty download cache elsewhere gives the same bytes",
  ignore: !HAVE_TOOLCHAIN && !IN_CI,
  async fn() {
    const cargoHome = await Deno.makeTempDir({ prefix: "stratos-cargo-home-" });
    try {
      const dir = join(RUST_DIRS[0], "hello");
      const rebuilt = await buildRustRunnable(dir, { cargoHome, install: IN_CI });
      const committed = await Deno.readFile(join(dir, "hello.wasm"));
      assert.ok(sameBytes(rebuilt, committed), `${rebuilt.length} vs ${committed.length} bytes`);
    } finally {
      await Deno.remove(cargoHome, { recursive: true });
    }
  },
});
