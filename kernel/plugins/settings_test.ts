import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import { pluginErrorCode } from "../errors.ts";
import { readEnv, readNumericSettings } from "./settings.ts";

/** A third-party plugin's own code: the settings reader is part of the plugin contract. */
const CODE = pluginErrorCode("TEST_ERR_CONFIG");

const SPECS = [
  { key: "attempts", env: "X_ATTEMPTS", default: 5, min: 1 },
  { key: "waitMs", env: "X_WAIT_MS", default: 100, min: 0 },
] as const;

Deno.test("readNumericSettings - config wins over the environment, which wins over defaults", () => {
  const env = (name: string) =>
    ({ X_ATTEMPTS: "7", X_WAIT_MS: "" } as Record<string, string>)[name];
  assert.deepEqual(readNumericSettings(SPECS, {}, env, CODE), { attempts: 7, waitMs: 100 });
  assert.deepEqual(readNumericSettings(SPECS, { attempts: 2 }, env, CODE), {
    attempts: 2,
    waitMs: 100,
  });
});

Deno.test("readNumericSettings - bad values name their source", () => {
  assert.throws(
    () => readNumericSettings(SPECS, { attempts: 0 }, () => undefined, "STRATOS_ERR_NATS_CONFIG"),
    stratosError("STRATOS_ERR_NATS_CONFIG", "config 'attempts' must be an integer >= 1: found 0"),
  );
  assert.throws(
    () => readNumericSettings(SPECS, {}, (n) => n === "X_WAIT_MS" ? "1.5" : undefined, CODE),
    stratosError(CODE, 'X_WAIT_MS must be an integer >= 0: found "1.5"'),
  );
});

Deno.test({
  name: "readEnv - a variable, undefined when unset or when it may not be read",
  permissions: { env: ["STRATOS_TEST_READ_ENV"] },
  fn() {
    Deno.env.set("STRATOS_TEST_READ_ENV", "42");
    assert.equal(readEnv("STRATOS_TEST_READ_ENV"), "42");
    Deno.env.delete("STRATOS_TEST_READ_ENV");
    assert.equal(readEnv("STRATOS_TEST_READ_ENV"), undefined);
    assert.equal(readEnv("HOME"), undefined, "not permitted: no error, no value");
  },
});
