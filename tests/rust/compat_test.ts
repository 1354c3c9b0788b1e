/**
 * What Rust Runnables (the unmodified `suborbital` crate 0.15.1) need from Stratos beyond the
 * ABI itself, each found with a Runnable that broke before Stratos provided it:
 *
 * 1. Nothing but JSON log lines on stdout: the WASI shim is created with `{ debug: false }`
 *    (otherwise `std::env::var` printed `wasi: 0 0` between the log lines).
 * 2. `request_set_field` for the body (`req::set_body_field`, `req::set_body`) re-encodes the
 *    body as Atmo's `json.Marshal` of a Go map did: sorted keys, `<`, `>`, `&` escaped.
 * 3. The crate's `run_e` frees its input itself, so Stratos does not call `deallocate` after it
 *    for Rust modules (Atmo did: the double free handed live memory of a Runnable's `static`
 *    state to the next input).
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { startStratos } from "../support/stratos_process.ts";
import { postDirective, rustModulesApp, startRustExample } from "./support.ts";

Deno.test("rust compat - std::env::var prints nothing but log lines on stdout", async () => {
  const dir = await rustModulesApp(postDirective({ "/env": "env-var" }), ["env-var"]);
  const app = await startStratos(dir);
  try {
    const response = await fetch(`${app.url}/env`, { method: "POST" });
    assert.equal(await response.text(), "unset", "Runnables get an empty environment");
  } finally {
    await app.stop();
  }
  const after = app.lines.slice(app.lines.findIndex((l) => /listening on http:/.test(l)) + 1);
  const notJSON = after.filter((line) => {
    try {
      JSON.parse(line);
      return false;
    } catch {
      return line.trim() !== "";
    }
  });
  assert.deepEqual(notJSON, [], "every line on stdout after the banner is a JSON log line");
});

Deno.test("rust compat - set_body_field re-serialises the body as Go's json.Marshal", async (t) => {
  const app = await startRustExample();
  const bodyAfterRewrite = async (body: string) => {
    const answer = await app.call("/rewrite/x", { method: "POST", body });
    assert.equal(answer.status, 200);
    return JSON.parse(answer.body).body;
  };
  try {
    await t.step("keys come out sorted", async () => {
      assert.equal(
        await bodyAfterRewrite('{"message":"hi","zeta":"z","alpha":"a"}'),
        '{"alpha":"a","body":"set by rewrite","message":"HI","zeta":"z"}',
      );
    });
    await t.step("<, > and & come out escaped", async () => {
      assert.equal(
        await bodyAfterRewrite('{"body":"","message":"<b>&</b>"}'),
        '{"body":"set by rewrite","message":"\\u003cB\\u003e\\u0026\\u003c/B\\u003e"}',
      );
    });
  } finally {
    await app.close();
  }
});

Deno.test("rust compat - a Rust Runnable's heap state survives across invocations", async () => {
  const dir = await rustModulesApp(postDirective({ "/history": "history" }), ["history"]);
  const app = await startApp(dir);
  try {
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      answers.push((await app.request("/history", { method: "POST", body: "x".repeat(16) })).text);
    }
    assert.deepEqual(answers, ["[16]", "[16, 16]", "[16, 16, 16]", "[16, 16, 16, 16]"]);
  } finally {
    await app.stop();
  }
});
