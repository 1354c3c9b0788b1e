import assert from "node:assert/strict";
import { createLogger, isLogLevel, type LoggerOptions } from "./log.ts";

/** A logger writing into an array, and the lines parsed back. */
function capture(options: Omit<LoggerOptions, "sink"> = {}) {
  const lines: string[] = [];
  const log = createLogger({ ...options, sink: (line) => lines.push(line) });
  return { log, lines, parsed: () => lines.map((line) => JSON.parse(line)) };
}

Deno.test("createLogger - writes one JSON object per line with time, level and msg", () => {
  const { log, lines, parsed } = capture();
  const before = Date.now();
  log.info("hello", { port: 8080 });
  assert.equal(lines.length, 1);
  assert.ok(!lines[0].includes("\n"));
  const [line] = parsed();
  assert.equal(line.level, "info");
  assert.equal(line.msg, "hello");
  assert.equal(line.port, 8080);
  assert.match(line.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.ok(Date.parse(line.time) >= before - 1);
});

Deno.test("createLogger - every line carries the scope", () => {
  const { log, parsed } = capture({ scope: { plugin: "http" } });
  log.warn("slow");
  log.error("failed", { status: 500 });
  assert.deepEqual(parsed().map((l) => [l.level, l.plugin, l.status]), [
    ["warn", "http", undefined],
    ["error", "http", 500],
  ]);
});

Deno.test("createLogger - info is the default level: debug and trace are dropped", () => {
  const { log, parsed } = capture();
  log.trace("t");
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  assert.equal(log.level, "info");
  assert.deepEqual(parsed().map((l) => l.msg), ["i", "w", "e"]);
});

Deno.test("createLogger - the level threshold keeps that level and less verbose ones", () => {
  const warn = capture({ level: "warn" });
  for (const name of ["trace", "debug", "info", "warn", "error"] as const) warn.log[name](name);
  assert.deepEqual(warn.parsed().map((l) => l.level), ["warn", "error"]);

  const trace = capture({ level: "trace" });
  for (const name of ["trace", "debug", "info", "warn", "error"] as const) trace.log[name](name);
  assert.deepEqual(trace.parsed().map((l) => l.level), ["trace", "debug", "info", "warn", "error"]);
});

Deno.test("createLogger - enabled tells whether a level would be written", () => {
  const { log } = capture({ level: "debug" });
  assert.equal(log.enabled("trace"), false);
  assert.equal(log.enabled("debug"), true);
  assert.equal(log.enabled("error"), true);
});

Deno.test("createLogger - off writes nothing and enables nothing", () => {
  const { log, lines } = capture({ level: "off" });
  log.error("e");
  log.info("i");
  assert.equal(lines.length, 0);
  assert.equal(log.enabled("error"), false);
  assert.equal(log.level, "off");
});

Deno.test("createLogger - child merges its scope over the parent's and keeps the level", () => {
  const { log, parsed } = capture({ level: "warn", scope: { plugin: "http", region: "eu" } });
  const child = log.child({ request: "r-1", region: "us" });
  child.info("dropped");
  child.warn("kept");
  log.warn("parent");
  assert.equal(child.level, "warn");
  const [fromChild, fromParent] = parsed();
  assert.deepEqual(
    [fromChild.msg, fromChild.plugin, fromChild.request, fromChild.region],
    ["kept", "http", "r-1", "us"],
  );
  assert.deepEqual([fromParent.msg, fromParent.request, fromParent.region], [
    "parent",
    undefined,
    "eu",
  ]);
});

Deno.test("createLogger - Error values are written as their message", () => {
  const { log, parsed } = capture();
  log.error("call failed", {
    error: new Error("connection refused"),
    nested: { e: new TypeError("bad") },
  });
  const [line] = parsed();
  assert.equal(line.error, "connection refused");
  assert.deepEqual(line.nested, { e: "bad" });
});

Deno.test("createLogger - fields that cannot be serialised still leave a line", () => {
  const { log, parsed } = capture();
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  log.warn("odd value", { cyclic, big: 1n });
  const [line] = parsed();
  assert.equal(line.level, "warn");
  assert.equal(line.msg, "odd value");
  assert.equal(line.cyclic, undefined);
});

Deno.test("isLogLevel - knows the six levels and nothing else", () => {
  for (const name of ["trace", "debug", "info", "warn", "error", "off"]) {
    assert.equal(isLogLevel(name), true, name);
  }
  for (const name of ["INFO", "verbose", "", "toString", "__proto__"]) {
    assert.equal(isLogLevel(name), false, name);
  }
});

Deno.test("createLogger - scope and fields cannot replace time, level or msg", () => {
  const { log, parsed } = capture({ scope: { level: "scope" } });
  log.info("the message", { msg: "field", time: "never" });
  const [line] = parsed();
  assert.equal(line.msg, "the message");
  assert.equal(line.level, "info");
  assert.notEqual(line.time, "never");
});
