import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import plugin, { redisAddress } from "./mod.ts";

Deno.test("redisAddress - a clear error for an empty or unreadable address", () => {
  assert.throws(
    () => redisAddress({ serverAddress: "" }),
    stratosError(
      "STRATOS_ERR_REDIS_CONFIG",
      "connections.redis.serverAddress is empty (if it is env(NAME), NAME is not set)",
    ),
  );
  assert.throws(
    () => redisAddress({ serverAddress: "http://h", password: "hunter2" }),
    stratosError(
      "STRATOS_ERR_REDIS_CONFIG",
      /must be host:port or a redis:\/\/ URL: expected a redis/,
    ),
  );
  assert.equal(redisAddress({ serverAddress: "localhost:6379" }).display, "redis://localhost:6379");
  assert.equal(plugin.name, "redis");
});
