import assert from "node:assert/strict";
import { parseRedisAddress } from "./address.ts";
import { reconnectDelay, redisOptions } from "./connection.ts";
import { readRedisSettings } from "./settings.ts";

const settings = readRedisSettings({}, () => undefined);

Deno.test("redisOptions - fail fast: no offline queue, no retries per command, a timeout", () => {
  const address = parseRedisAddress({ serverAddress: "rediss://h:7000/2", password: "pw" });
  let reconnect = false;
  const options = redisOptions(address, settings, () => reconnect);
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

Deno.test("reconnectDelay - doubles from the first wait up to the longest", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 50].map((n) => reconnectDelay(n, settings)), [
    100,
    200,
    400,
    800,
    1600,
    2000,
    2000,
  ]);
});
