/**
 * End-to-end: a Runnable that never returns is stopped at its handler's time limit, the client
 * gets 504, and the app keeps serving; a module's memory cannot grow past the cap.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { helloApp } from "../support/hello_app.ts";
import { wat } from "../../scripts/build/wat.ts";

/** A Runnable that loops forever, before or after a host call (`request_get_field`). */
const SPIN = `(module
  (import "env" "request_get_field" (func $get (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  (func (export "run_e") (param $ptr i32) (param $size i32) (param $ident i32)
    (drop (call $get (i32.const 0) (i32.const 0) (i32.const 0) (local.get $ident)))
    (loop $forever (br $forever))))`;

/** A Runnable that grows its memory by the page count in the first body byte, then returns. */
const GROW = `(module
  (import "env" "return_result" (func $ret (param i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  (func (export "run_e") (param $ptr i32) (param $size i32) (param $ident i32)
    (i32.store (i32.const 0) (memory.grow (i32.load8_u (local.get $ptr))))
    (call $ret (i32.const 0) (i32.const 4) (local.get $ident))))`;

const DIRECTIVE = `identifier: com.stratos.limits
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: request
    resource: /spin
    method: POST
    timeout: 1
    steps:
      - fn: spin
  - type: request
    resource: /spin-default
    method: POST
    steps:
      - fn: spin
  - type: request
    resource: /grow
    method: POST
    steps:
      - fn: grow
  - type: request
    resource: /hello
    method: POST
    steps:
      - fn: hello
`;

async function limitsApp(): Promise<string> {
  const dir = await helloApp(DIRECTIVE, ["hello"]);
  await Deno.writeFile(`${dir}/spin.wasm`, await wat(SPIN));
  await Deno.writeFile(`${dir}/grow.wasm`, await wat(GROW));
  return dir;
}

Deno.test("timeout - a looping Runnable is stopped with 504 and the app keeps serving", async () => {
  const app = await startApp(await limitsApp());
  try {
    for (let round = 0; round < 2; round++) {
      const started = performance.now();
      const res = await app.request("/spin", { method: "POST", body: "x" });
      const elapsed = performance.now() - started;
      assert.equal(res.status, 504);
      assert.match(JSON.parse(res.text).message, /ran past its time limit/);
      assert.ok(elapsed >= 900 && elapsed < 3000, `stopped after ${elapsed.toFixed(0)} ms`);
    }
    const hello = await app.request("/hello", { method: "POST", body: "still here" });
    assert.equal(hello.text, "hello still here");
  } finally {
    await app.stop();
  }
});

Deno.test("timeout - --timeout applies to handlers without their own", async () => {
  const app = await startApp(await limitsApp(), { timeoutMs: 300 });
  try {
    const started = performance.now();
    const spin = await app.request("/spin-default", { method: "POST", body: "x" });
    const elapsed = performance.now() - started;
    assert.equal(spin.status, 504);
    assert.ok(elapsed >= 250 && elapsed < 1000, `stopped after ${elapsed.toFixed(0)} ms`);
    const hello = await app.request("/hello", { method: "POST", body: "fast" });
    assert.equal(hello.status, 200, "fast handlers are unaffected");
  } finally {
    await app.stop();
  }
});

Deno.test("memory cap - growing past the cap fails, within it works", async () => {
  const app = await startApp(await limitsApp(), { memoryCapMiB: 2 }); // 32 pages
  try {
    const grown = async (pages: number) => {
      const res = await fetch(app.url + "/grow", { method: "POST", body: new Uint8Array([pages]) });
      return new DataView(await res.arrayBuffer()).getInt32(0, true);
    };
    assert.equal(await grown(10), 1, "memory.grow returns the old size in pages");
    assert.equal(await grown(40), -1, "growing past 32 pages is refused");
  } finally {
    await app.stop();
  }
});
