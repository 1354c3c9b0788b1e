import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import { readSqlSettings } from "./settings.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("readSqlSettings - defaults, environment, and config over environment", () => {
  const defaults = readSqlSettings({}, env({}));
  assert.deepEqual(defaults, {
    poolSize: 10,
    connectTimeoutMs: 5000,
    retryWaitMs: 250,
    retryMaxWaitMs: 5000,
    closeTimeoutMs: 5000,
  });
  const vars = env({ STRATOS_DB_POOL_SIZE: "4", STRATOS_DB_RETRY_WAIT_MS: "" });
  assert.equal(readSqlSettings({}, vars).poolSize, 4);
  assert.equal(readSqlSettings({}, vars).retryWaitMs, 250, "empty means the default");
  assert.equal(readSqlSettings({ poolSize: 2 }, vars).poolSize, 2);
});

Deno.test("readSqlSettings - the longest retry wait is at least the first", () => {
  const s = readSqlSettings({ retryWaitMs: 900, retryMaxWaitMs: 100 }, env({}));
  assert.equal(s.retryMaxWaitMs, 900);
});

Deno.test("readSqlSettings - refuses values that are not integers at or above the minimum", () => {
  assert.throws(
    () => readSqlSettings({}, env({ STRATOS_DB_POOL_SIZE: "0" })),
    stratosError(
      "STRATOS_ERR_DB_CONFIG",
      'STRATOS_DB_POOL_SIZE must be an integer >= 1: found "0"',
    ),
  );
  assert.throws(
    () => readSqlSettings({ connectTimeoutMs: "soon" }, env({})),
    stratosError("STRATOS_ERR_DB_CONFIG", /config 'connectTimeoutMs' must be an integer/),
  );
});
