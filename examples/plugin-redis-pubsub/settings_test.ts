import assert from "node:assert/strict";
import { StratosError } from "@stratos/runtime/plugin";
import { ADDRESS_ENV, CONFIG_ERROR, readSettings } from "./settings.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("readSettings - defaults: the local Redis and the knobs' defaults", () => {
  assert.deepEqual(readSettings({ config: {}, env: env({}) }), {
    target: { url: "redis://127.0.0.1:6379", display: "redis://127.0.0.1:6379" },
    connectAttempts: 5,
    connectRetryMs: 1000,
    connectTimeoutMs: 5000,
    reconnectWaitMs: 100,
    reconnectMaxWaitMs: 2000,
    maxInFlight: 64,
    drainTimeoutMs: 10_000,
  });
});

Deno.test("readSettings - the address: config, then environment, then connections.redis", () => {
  const connection = { serverAddress: "cache:6380", username: "app", password: "s3cret" };
  const vars = env({ [ADDRESS_ENV]: "rediss://env-host:7000/2" });
  assert.equal(
    readSettings({ config: { serverAddress: "cfg:1" }, connection, env: vars }).target.url,
    "redis://cfg:1",
  );
  assert.deepEqual(readSettings({ config: {}, connection, env: vars }).target, {
    url: "rediss://env-host:7000/2",
    display: "rediss://env-host:7000/2",
  });
  assert.deepEqual(readSettings({ config: {}, connection, env: env({}) }).target, {
    url: "redis://app:s3cret@cache:6380",
    display: "redis://cache:6380",
  });
});

Deno.test("readSettings - knobs from config or environment; the longest wait is at least the first", () => {
  const vars = env({ STRATOS_REDIS_PUBSUB_MAX_IN_FLIGHT: "8" });
  const settings = readSettings({
    config: { reconnectWaitMs: 5000, connectAttempts: 2 },
    env: vars,
  });
  assert.deepEqual(
    [settings.maxInFlight, settings.connectAttempts, settings.reconnectMaxWaitMs],
    [8, 2, 5000],
  );
});

Deno.test("readSettings - refuses bad values with coded errors that never show a password", () => {
  const refused = (config: Record<string, unknown>, message: RegExp) =>
    assert.throws(() => readSettings({ config, env: env({}) }), (error) => {
      assert.ok(error instanceof StratosError);
      assert.equal(error.code, CONFIG_ERROR);
      assert.match(error.message, message);
      assert.ok(!error.message.includes("hunter2"), error.message);
      return true;
    });
  refused(
    { serverAddress: "http://ada:hunter2@h:1" },
    /^config 'serverAddress' must be host:port or a redis:\/\/ URL .*: found 'http:\/\/h:1'$/,
  );
  refused({ serverAddress: "" }, /found ''$/);
  refused({ serverAddress: 6379 }, /config 'serverAddress' must be a string: found 6379/);
  refused({ maxInFlight: 0 }, /config 'maxInFlight' must be an integer >= 1: found 0/);
});
