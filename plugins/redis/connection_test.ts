import assert from "node:assert/strict";
import { Backoff } from "../../plugin.ts";
import { parseRedisAddress } from "./address.ts";
import { redisOptions } from "./connection.ts";
import { readRedisSettings } from "./settings.ts";

const settings = readRedisSettings({}, () => undefined);
const backoff = () =>
  new Backoff({
    initialMs: settings.reconnectWaitMs,
    maxMs: settings.reconnectMaxWaitMs,
    jitter: 0,
  });

Deno.test("redisOptions - fail fast: no offline queue, no retries per command, a timeout", () => {
  const address = parseRedisAddress({ serverAddress: "rediss://h:7000/2", password: "pw" });
  let reconnect = false;
  const options = redisOptions(address, settings, backoff(), () => reconnect);
  assert.equal(options.enableOfflineQueue, false);
  assert.equal(options.maxRetriesPerRequest, 0);
  assert.equal(options.autoResendUnfulfilledCommands, false);
  assert.equal(options.commandTimeout, 1000);
  assert.equal(options.connectTimeout, 5000);
  assert.equal(options.lazyConnect, true);
  assert.deepEqual([options.host, options.port, options.db], ["h", 7000, 2]);
  assert.deepEqual(options.tls, {});
  assert.equal(options.password, "pw");
  assert.equal(options.username, undefined);
  assert.equal(options.retryStrategy!(1), null, "no reconnecting before the first connection");
  reconnect = true;
  assert.equal(options.retryStrategy!(1), 100);
});

Deno.test("redisOptions - reconnection waits double from the first wait up to the longest", () => {
  const options = redisOptions(
    parseRedisAddress({ serverAddress: "h" }),
    settings,
    backoff(),
    () => true,
  );
  const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => options.retryStrategy!(n));
  assert.deepEqual(waits, [100, 200, 400, 800, 1600, 2000, 2000]);
});
