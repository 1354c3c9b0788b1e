/**
 * Rust Runnables (the published `suborbital` crate 0.15.1, built with Debian's rustc 1.63 for
 * wasm32-wasi) on long-lived instances: both ways the crate registers a Runnable (`_start` from
 * Subo's template, `init` from `#[derive(Runnable)]`), hundreds of invocations on one instance
 * despite the double free of the input (`run_e` frees it, then the host calls `deallocate`, as
 * Atmo did), and the time limit and memory cap applied to rustc's output.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import {
  type Answer,
  postDirective,
  RUST_EXAMPLE,
  rustModulesApp,
  startRustExample,
} from "./support.ts";

Deno.test("the Subo template registers with _start, #[derive(Runnable)] with init", async () => {
  const exportsOf = async (name: string) => {
    const bytes = await Deno.readFile(`${RUST_EXAMPLE}${name}/${name}.wasm`);
    const module = await WebAssembly.compile(bytes);
    return WebAssembly.Module.exports(module).map((e) => e.name).sort();
  };
  const abi = ["allocate", "deallocate", "memory", "run_e"];
  const linker = ["__data_end", "__heap_base"];
  assert.deepEqual(await exportsOf("hello"), [...linker, "_start", ...abi].sort());
  assert.deepEqual(await exportsOf("inspect"), [...linker, ...abi, "init"].sort());

  const app = await startRustExample();
  try {
    assert.deepEqual(await app.call("/hello", { method: "POST", body: "world" }), {
      status: 200,
      type: "application/octet-stream",
      body: "hello world",
    });
    const inspected = await app.call("/inspect/x", { method: "POST" });
    assert.equal(inspected.status, 200, "inspect was registered by its init export");
  } finally {
    await app.close();
  }
});

Deno.test("hundreds of invocations on one instance each: the double free corrupts nothing", async () => {
  const app = await startRustExample();
  try {
    // Deterministic pseudo-random sizes, a quarter of them up to 1 MiB: if each invocation
    // leaked its input, 100 × ~500 KiB would pass the 64 MiB memory cap and trap.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rounds = 300;
    for (let i = 0; i < rounds; i++) {
      const size = Math.floor(random() * (i % 4 === 0 ? 1 << 20 : 3000));
      const body = String.fromCharCode(97 + (i % 26)).repeat(size);
      const hello = await app.call("/hello", { method: "POST", body });
      assert.ok(hello.body === `hello ${body}`, `hello #${i} (${size} bytes) answered wrongly`);
      const key = `k${i % 17}`;
      const value = `v${i}:${"x".repeat(i % 300)}`;
      assert.equal(
        (await app.call(`/cache/${key}`, { method: "POST", body: value })).body,
        `stored ${value.length} bytes under ${key} for 0 s`,
      );
      assert.deepEqual(await app.call(`/cache/${key}`), expectOctets(value));
      const inspected = await app.call(`/inspect/n${i}?lang=l${i}`, {
        method: "POST",
        body: JSON.stringify({ message: `m${i}` }),
      });
      const fields = JSON.parse(inspected.body);
      assert.deepEqual([fields.name, fields.lang, fields.message], [`n${i}`, `l${i}`, `m${i}`]);
    }
    const stats = await app.moduleStats();
    const invocations = { hello: 2 * rounds, cache: 2 * rounds, inspect: rounds };
    for (const [name, count] of Object.entries(invocations)) {
      assert.deepEqual(
        { instances: stats[name].instances, invocations: stats[name].invocations },
        { instances: 1, invocations: count },
        `${name}: one instance served every invocation`,
      );
      assert.equal(stats[name].failures, 0, `${name}: no invocation trapped`);
    }
  } finally {
    await app.close();
  }
});

Deno.test("a Rust Runnable that never returns is stopped at the time limit", async () => {
  const dir = await rustModulesApp(
    postDirective({ "/limits/:what": "limits", "/hello": "hello" }, "    timeout: 1\n"),
    ["limits", "hello"],
  );
  const app = await startApp(dir);
  try {
    const started = performance.now();
    const spun = await app.request("/limits/spin", { method: "POST" });
    assert.equal(spun.status, 504);
    assert.ok(performance.now() - started < 5000, "stopped within seconds");
    assert.equal(
      (await app.request("/hello", { method: "POST", body: "again" })).text,
      "hello again",
    );
    const after = await app.request("/limits/grow", { method: "POST", body: "1" });
    assert.equal(after.text, "got 1 MiB", "a fresh instance replaced the stopped one");
  } finally {
    await app.stop();
  }
});

Deno.test("a Rust Runnable cannot grow its memory past the cap", async () => {
  const dir = await rustModulesApp(postDirective({ "/limits/:what": "limits" }), ["limits"]);
  const app = await startApp(dir, { memoryCapMiB: 16 });
  try {
    const grow = (mib: number) => app.request("/limits/grow", { method: "POST", body: `${mib}` });
    assert.equal((await grow(8)).text, "got 8 MiB");
    const over = await grow(32);
    assert.deepEqual({ status: over.status, body: JSON.parse(over.text) }, {
      status: 500,
      body: { status: 500, message: "wasm execution error: limits: unreachable" },
    });
    assert.ok(
      app.logs.some((l) =>
        l.stream === "stderr" && l.msg === `memory allocation of ${32 << 20} bytes failed`
      ),
      "the Rust allocator's message is logged",
    );
    assert.equal((await grow(8)).text, "got 8 MiB", "the next invocation runs on a new instance");
  } finally {
    await app.stop();
  }
});

function expectOctets(body: string): Answer {
  return { status: 200, type: "application/octet-stream", body };
}
