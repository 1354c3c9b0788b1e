/**
 * End-to-end: SIGTERM stops accepting, lets in-flight requests finish, and exits 0; past the
 * shutdown deadline the process exits anyway with status 1.
 */

import assert from "node:assert/strict";
import { slowApp } from "../support/slow_app.ts";
import { startStratos } from "../support/stratos_process.ts";

Deno.test("shutdown - SIGTERM drains in-flight requests, refuses new ones, exits 0", async () => {
  const proc = await startStratos(await slowApp(true));
  // 60 × 10 ms: still running when the signal arrives.
  const inFlight = fetch(proc.url + "/slow", { method: "POST", body: new Uint8Array([60]) });
  await new Promise((r) => setTimeout(r, 150));
  const exit = proc.kill("SIGTERM");
  const response = await inFlight;
  assert.equal(response.status, 200);
  assert.equal((await response.arrayBuffer()).byteLength, 1, "the answer arrived in full");
  const { code } = await exit;
  assert.equal(code, 0);
  await assert.rejects(fetch(proc.url + "/health"), "nothing listens any more");
});

Deno.test("shutdown - past --shutdown-timeout the process exits 1", async () => {
  const dir = await slowApp(true);
  const proc = await startStratos(dir, {}, ["--shutdown-timeout", "0.2"]);
  // 200 × 10 ms = 2 s: longer than the shutdown deadline.
  const inFlight = fetch(proc.url + "/slow", { method: "POST", body: new Uint8Array([200]) })
    .then((r) => r.body?.cancel(), () => {});
  await new Promise((r) => setTimeout(r, 100));
  const started = performance.now();
  const { code, stderr } = await proc.kill("SIGTERM");
  assert.equal(code, 1);
  assert.match(stderr, /shutdown did not finish within 0.2 s/);
  assert.ok(performance.now() - started < 1500);
  await inFlight;
});
