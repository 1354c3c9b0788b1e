/**
 * What Stratos's WASI shim does to Go Runnables, which use more of WASI than other Runnables.
 *
 * Each test was written against the bare shim (@bjorn3/browser_wasi_shim 0.4.2) and names what
 * kernel/wasm/wasi.ts and poll_oneoff.ts now do about it.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { goApp, handler, HAS_GO, PROBE_HANDLER, probeCall, withGoApp } from "./support.ts";

Deno.test("wasi - instantiating a Go module writes nothing to the console", async () => {
  // browser_wasi_shim turns its debug log on when a WASI object is made without
  // `{ debug: false }` (its constructor calls debug.enable(undefined), which means "on"), so Go's
  // args_sizes_get/environ_sizes_get print "wasi: 0 0" for every new instance.
  // Fix: pass `{ debug: false }` to both `new WASI(...)` calls in kernel/wasm/wasi.ts.
  const printed: unknown[][] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => printed.push(args);
  try {
    const dir = await goApp({
      directive: "handlers:\n" + handler("POST", "/hello", "fn: hello"),
      examples: ["hello"],
    });
    const app = await startApp(dir);
    try {
      assert.equal((await app.request("/hello", { method: "POST", body: "go" })).text, "hello go");
    } finally {
      await app.stop();
      await Deno.remove(dir, { recursive: true });
    }
  } finally {
    console.log = original;
  }
  assert.deepEqual(printed.map((args) => args.map(String).join(" ")), []);
});

const SLEEPY = "handlers:\n" + PROBE_HANDLER +
  handler("POST", "/limited/:op", "fn: probe").replace("    steps:", "    timeout: 1\n    steps:");

Deno.test({
  name: "wasi - a Go Runnable in time.Sleep does not hold up the isolate",
  ignore: !HAS_GO,
  async fn() {
    // poll_oneoff (Go's time.Sleep when no goroutine can run) busy-waits in the shim, so every
    // other request, timer and I/O callback of the isolate waits until the sleep ends.
    // Fix: give clock subscriptions a host poll_oneoff that suspends the guest through JSPI
    // (WebAssembly.Suspending around a setTimeout promise) and count it as a suspending import,
    // so the module runs under WebAssembly.promising like one that imports fetch_url.
    await withGoApp({ directive: SLEEPY, probe: true }, async (app) => {
      await probeCall(app, "echo", "warm");
      const sleeping = probeCall(app, "sleep?ms=800");
      const started = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const timerDelay = performance.now() - started;
      assert.match((await sleeping).text, /^slept 8\d\d ms$/);
      assert.ok(timerDelay < 300, `a 20 ms timer fired after ${Math.round(timerDelay)} ms`);
    });
  },
});

Deno.test({
  name: "wasi - a sleep past the handler's time limit is stopped at the limit",
  ignore: !HAS_GO,
  async fn() {
    // The time limit is enforced by a tick called from the guest's loops; a guest waiting inside
    // the host's poll_oneoff runs no loop, so a 3 s sleep under a 1 s limit completes with 200.
    // Fix: poll_oneoff should wait at most until the invocation's deadline and then throw the
    // runner's DeadlineError (504), like the tick does.
    await withGoApp({ directive: SLEEPY, probe: true }, async (app) => {
      const started = performance.now();
      const res = await app.request("/limited/sleep?ms=3000", { method: "POST" });
      const elapsed = performance.now() - started;
      assert.equal(
        res.status,
        504,
        `answered ${res.status} ${res.text} after ${Math.round(elapsed)} ms`,
      );
      assert.ok(elapsed < 2000, `stopped after ${Math.round(elapsed)} ms`);
    });
  },
});
