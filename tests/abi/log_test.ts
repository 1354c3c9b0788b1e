import assert from "node:assert/strict";
import { exec, fqfn, Guest, Harness, type HarnessOptions, request } from "./harness.ts";

/** Runs a guest that logs `message <level>` at each level, returns the guest's log lines. */
async function logAt(levels: number[], options: HarnessOptions = {}) {
  const h = new Harness(options);
  const g = new Guest();
  const result = await h.invoke(
    await h.load(g.run(...levels.map((l) => exec("log_msg", g.str(`message ${l}`), l)))),
    { request: request({ id: "req-log" }) },
  );
  assert.equal(result.failure, undefined);
  return h.guestLogs();
}

Deno.test("log_msg - levels 1-4 map to error, warn, info, debug", async () => {
  const lines = await logAt([1, 2, 3, 4]);
  assert.deepEqual(lines.map((l) => [l.level, l.msg]), [
    ["error", "message 1"],
    ["warn", "message 2"],
    ["info", "message 3"],
    ["debug", "message 4"],
  ]);
});

Deno.test("log_msg - unknown levels log at info", async () => {
  const lines = await logAt([0, 5, -1, 1000]);
  assert.deepEqual(lines.map((l) => [l.level, l.msg]), [
    ["info", "message 0"],
    ["info", "message 5"],
    ["info", "message -1"],
    ["info", "message 1000"],
  ]);
});

Deno.test("log_msg - lines carry the request id and the module's FQFN", async () => {
  const [line] = await logAt([3]);
  assert.equal(line.request_id, "req-log");
  assert.equal(line.module, fqfn("guest"));
  assert.equal(typeof line.ident, "number");
});

Deno.test("log_msg - the logger's level still filters guest lines", async () => {
  const lines = await logAt([1, 2, 3, 4], { logLevel: "warn" });
  assert.deepEqual(lines.map((l) => l.level), ["error", "warn"]);
});

Deno.test("log_msg - a no-op when capabilities.logger.enabled is false", async () => {
  const lines = await logAt([1, 2, 3, 4, 0], {
    configure: (caps) => caps.logger.enabled = false,
  });
  assert.deepEqual(lines, []);
});

Deno.test("log_msg - the message is decoded as UTF-8", async () => {
  const h = new Harness();
  const g = new Guest();
  await h.run(g.run(exec("log_msg", g.str("héllo \u{1F30D}"), 3)));
  assert.deepEqual(h.guestLogs().map((l) => l.msg), ["héllo \u{1F30D}"]);
});
