import assert from "node:assert/strict";
import { logLevel } from "kafkajs";
import { createLogger } from "../../plugin.ts";
import { clientLogCreator } from "./client_log.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const errors: string[] = [];
  const log = createLogger({ level: "debug", sink: (line) => lines.push(JSON.parse(line)) });
  const write = clientLogCreator(log, (m) => errors.push(m))(logLevel.WARN);
  const entry = (level: logLevel, namespace: string, message: string, extra = {}) =>
    write({
      namespace,
      level,
      label: "",
      log: { timestamp: "t", logger: "kafkajs", message, ...extra },
    });
  return { lines, errors, entry };
}

Deno.test("clientLogCreator - warnings and errors become warn lines, info is dropped", () => {
  const { lines, entry } = capture();
  entry(logLevel.ERROR, "Consumer", "Crash: KafkaJSNumberOfRetriesExceeded", { groupId: "g" });
  entry(logLevel.WARN, "Producer", "careful");
  entry(logLevel.INFO, "Consumer", "Starting");
  assert.deepEqual(lines.map((l) => [l.level, l.msg, l.namespace]), [
    ["warn", "kafkajs: Crash: KafkaJSNumberOfRetriesExceeded", "Consumer"],
    ["warn", "kafkajs: careful", "Producer"],
  ]);
  assert.equal(lines[0].groupId, "g");
});

Deno.test("clientLogCreator - retried error responses go to debug, connection errors to health", () => {
  const { lines, errors, entry } = capture();
  entry(logLevel.ERROR, "Connection", "Response Metadata(key: 3, version: 6)", { error: "x" });
  entry(logLevel.ERROR, "Connection", "Connection error: connect ECONNREFUSED 127.0.0.1:1");
  assert.deepEqual(lines.map((l) => l.level), ["debug", "warn"]);
  assert.deepEqual(errors, ["Connection error: connect ECONNREFUSED 127.0.0.1:1"]);
});
