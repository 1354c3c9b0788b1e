import assert from "node:assert/strict";
import { parseBrokers } from "./brokers.ts";

Deno.test("parseBrokers - one broker, as Atmo wrote it", () => {
  assert.deepEqual(parseBrokers("localhost:9092"), ["localhost:9092"]);
  assert.deepEqual(parseBrokers("kafka.internal"), ["kafka.internal:9092"]);
});

Deno.test("parseBrokers - several brokers, schemes and IPv6", () => {
  assert.deepEqual(parseBrokers(" kafka://a:9093, tcp://b:9094/ ,[::1]:9095,"), [
    "a:9093",
    "b:9094",
    "[::1]:9095",
  ]);
});

Deno.test("parseBrokers - refuses an empty list and bad ports", () => {
  assert.throws(() => parseBrokers(" , "), /names no broker/);
  assert.throws(() => parseBrokers("a:99999"), /invalid port/);
  assert.throws(() => parseBrokers("a:b:c"), /not host:port/);
});
