import assert from "node:assert/strict";
import { Backoff, ConnectionHealth, createLogger, StratosError } from "../../plugin.ts";
import { connectionOptions, openConnection } from "./connection.ts";
import { readSettings } from "./settings.ts";

function settings(serverAddress: string, env: Record<string, string> = {}) {
  return readSettings({ serverAddress, identifier: "com.example", config: {}, env: (n) => env[n] });
}

Deno.test("connectionOptions - reconnects forever, paced by the backoff; credentials apart", () => {
  const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
  const options = connectionOptions(settings("nats://ada:pw@host:4333"), backoff, "stratos x");
  assert.equal(options.servers, "host:4333");
  assert.equal(options.user, "ada");
  assert.equal(options.pass, "pw");
  assert.equal(options.maxReconnectAttempts, -1);
  assert.equal(options.waitOnFirstConnect, false);
  assert.equal(options.timeout, 5000);
  assert.equal(options.tls, undefined);
  options.reconnectToServer!([], null);
  options.reconnectToServer!([], null);
  assert.equal(options.reconnectDelayHandler!(), 200, "each dial makes the next wait longer");
  const tls = connectionOptions(settings("tls://t0k@host"), backoff, "x");
  assert.deepEqual(tls.tls, {});
  assert.equal(tls.token, "t0k");
});

Deno.test("openConnection - gives up after the attempts with an error naming the address", async () => {
  const lines: string[] = [];
  const log = createLogger({ level: "warn", sink: (line) => lines.push(line) });
  const s = settings("nats://secret@127.0.0.1:1", {
    STRATOS_NATS_CONNECT_ATTEMPTS: "3",
    STRATOS_NATS_CONNECT_RETRY_MS: "0",
  });
  const health = new ConnectionHealth(s.address.display);
  let calls = 0;
  const refused = () => Promise.reject(new Error(`connection refused ${++calls}`));
  await assert.rejects(
    openConnection(s, health, log, "test", refused),
    (error) =>
      error instanceof StratosError && error.code === "STRATOS_ERR_NATS_CONNECT" &&
      error.message ===
        "cannot connect to NATS at nats://***@127.0.0.1:1 after 3 attempts: connection refused 3",
  );
  assert.equal(calls, 3);
  assert.equal(lines.length, 2, "one warning per retry");
  assert.ok(!lines.join("").includes("secret"));
  assert.deepEqual(health.state, "closed");
  assert.equal(health.report().lastError, "connection refused 3");
});
