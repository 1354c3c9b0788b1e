import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import { readRedisSettings } from "./settings.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("readRedisSettings - defaults, environment, and config over environment", () => {
  assert.deepEqual(readRedisSettings({}, env({})), {
    connectAttempts: 5,
    connectRetryMs: 1000,
    connectTimeoutMs: 5000,
    commandTimeoutMs: 1000,
    reconnectWaitMs: 100,
    reconnectMaxWaitMs: 2000,
  });
  const vars = env({ STRATOS_REDIS_CONNECT_ATTEMPTS: "2", STRATOS_REDIS_CONNECT_RETRY_MS: "0" });
  assert.equal(readRedisSettings({}, vars).connectAttempts, 2);
  assert.equal(readRedisSettings({}, vars).connectRetryMs, 0);
  assert.equal(readRedisSettings({ connectAttempts: 9 }, vars).connectAttempts, 9);
  assert.equal(readRedisSettings({ reconnectWaitMs: 5000 }, vars).reconnectMaxWaitMs, 5000);
});

Deno.test("readRedisSettings - refuses values that are not integers at or above the minimum", () => {
  assert.throws(
    () => readRedisSettings({}, env({ STRATOS_REDIS_COMMAND_TIMEOUT_MS: "0.5" })),
    stratosError(
      "STRATOS_ERR_REDIS_CONFIG",
      'STRATOS_REDIS_COMMAND_TIMEOUT_MS must be an integer >= 1: found "0.5"',
    ),
  );
  assert.throws(
    () => readRedisSettings({ connectAttempts: 0 }, env({})),
    stratosError("STRATOS_ERR_REDIS_CONFIG", /config 'connectAttempts' must be an integer >= 1/),
  );
});
