import assert from "node:assert/strict";
import { StratosError } from "../../plugin.ts";
import { readSettings, type SettingsSources } from "./settings.ts";

function sources(
  config: Record<string, unknown> = {},
  env: Record<string, string> = {},
): SettingsSources {
  return {
    serverAddress: "nats://127.0.0.1:4222",
    identifier: "com.example.app",
    config,
    env: (name) => env[name],
  };
}

Deno.test("readSettings - defaults: the Directive identifier is the queue group", () => {
  const settings = readSettings(sources());
  assert.equal(settings.address.server, "127.0.0.1:4222");
  assert.equal(settings.queueGroup, "com.example.app");
  assert.equal(settings.connectAttempts, 5);
  assert.equal(settings.maxInFlight, 64);
  assert.equal(settings.ackWaitMs, 30_000);
});

Deno.test("readSettings - config wins over the environment, which wins over defaults", () => {
  const env = { STRATOS_NATS_QUEUE_GROUP: "from-env", STRATOS_NATS_MAX_IN_FLIGHT: "8" };
  assert.equal(readSettings(sources({}, env)).queueGroup, "from-env");
  assert.equal(readSettings(sources({}, env)).maxInFlight, 8);
  const both = readSettings(sources({ queueGroup: "from-config", maxInFlight: 2 }, env));
  assert.equal(both.queueGroup, "from-config");
  assert.equal(both.maxInFlight, 2);
});

Deno.test("readSettings - an empty queue group means none", () => {
  assert.equal(readSettings(sources({}, { STRATOS_NATS_QUEUE_GROUP: "" })).queueGroup, undefined);
});

Deno.test("readSettings - the reconnect ceiling is at least the first wait", () => {
  const s = readSettings(sources({ reconnectWaitMs: 3000, reconnectMaxWaitMs: 1000 }));
  assert.equal(s.reconnectMaxWaitMs, 3000);
});

Deno.test("readSettings - bad values are refused with the setting's name", () => {
  const refused = (config: Record<string, unknown>, env: Record<string, string>, text: RegExp) =>
    assert.throws(
      () => readSettings(sources(config, env)),
      (e) =>
        e instanceof StratosError && e.code === "STRATOS_ERR_NATS_CONFIG" && text.test(e.message),
    );
  refused({}, { STRATOS_NATS_CONNECT_ATTEMPTS: "0" }, /STRATOS_NATS_CONNECT_ATTEMPTS.*>= 1.*"0"/);
  refused({ maxInFlight: "lots" }, {}, /config 'maxInFlight'/);
  refused({}, { STRATOS_NATS_ACK_WAIT_MS: "10" }, /STRATOS_NATS_ACK_WAIT_MS.*>= 1000/);
  refused({ queueGroup: 3 }, {}, /queueGroup' must be a string/);
  refused({ queueGroup: "a b" }, {}, /white space/);
  assert.throws(
    () => readSettings({ ...sources(), serverAddress: "nats://" }),
    /serverAddress must be a NATS URL/,
  );
});
