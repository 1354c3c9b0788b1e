/**
 * RunErr from Rust (`Err(RunErr::new(code, msg))`) end to end on examples/rust: codes 200–599
 * become the status, others 500 (as on Atmo); onErr handles them; a panic traps, the client
 * gets 500 and the log the panic message, tied to the request's id, and the module keeps
 * serving; in dev mode the answer carries the panic message too.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { postDirective, rustModulesApp, startRustExample } from "./support.ts";

Deno.test("rust: RunErr codes, onErr and panics", async (t) => {
  const app = await startRustExample();
  const error = (status: number, message: string) => ({
    status,
    type: "application/json",
    body: JSON.stringify({ status, message }),
  });
  try {
    await t.step("a code from 200 to 599 is the HTTP status", async () => {
      for (const code of [200, 404, 418, 503, 599]) {
        assert.deepEqual(await app.call(`/fail/${code}`), error(code, `failed with code ${code}`));
      }
    });

    await t.step("any other code answers 500 with the Runnable's message", async () => {
      for (const code of [0, -1, 199, 600, 1000]) {
        assert.deepEqual(await app.call(`/fail/${code}`), error(500, `failed with code ${code}`));
      }
    });

    await t.step("onErr: a 404 continues to the next step, other codes return", async () => {
      assert.deepEqual(await app.call("/recover/404", { method: "POST", body: "again" }), {
        status: 200,
        type: "application/octet-stream",
        body: "hello again",
      });
      assert.deepEqual(
        await app.call("/recover/500", { method: "POST", body: "again" }),
        error(500, "failed with code 500"),
      );
    });

    await t.step(
      "a panic traps: 500, the panic message in the log, then business as usual",
      async () => {
        assert.deepEqual(
          await app.call("/fail/oops"),
          error(500, "wasm execution error: fail: unreachable"),
        );
        const panicked = app.logs.find((l) =>
          l.stream === "stderr" && String(l.msg).includes("panicked")
        );
        assert.equal(
          panicked?.msg,
          "thread '<unnamed>' panicked at 'code \"oops\" is not a number', src/lib.rs:18:23",
        );
        assert.equal(panicked?.level, "warn");
        const failed = app.logs.find((l) => l.msg === "invocation failed");
        assert.equal(
          failed?.error,
          "panicked at 'code \"oops\" is not a number', src/lib.rs:18:23 (unreachable)",
        );
        assert.match(String(failed?.request_id), /^[0-9a-f-]{36}$/);
        assert.equal(failed?.request_id, panicked?.request_id, "one request's lines");
        assert.deepEqual(await app.call("/fail/404"), error(404, "failed with code 404"));
        const stats = (await app.moduleStats()).fail;
        assert.equal(stats.failures, 1);
        assert.equal(stats.instances, 1, "the instance that trapped was replaced");
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test("rust: in dev mode a panic's message is in the answer as well", async () => {
  const dir = await rustModulesApp(postDirective({ "/fail": "fail" }), ["fail"]);
  const app = await startApp(dir, { dev: true });
  try {
    const res = await app.request("/fail", { method: "POST" });
    assert.equal(res.status, 500);
    assert.deepEqual(JSON.parse(res.text), {
      status: 500,
      message: "wasm execution error: fail: panicked at 'code \"\" is not a number', " +
        "src/lib.rs:18:23 (unreachable)",
    });
  } finally {
    await app.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
