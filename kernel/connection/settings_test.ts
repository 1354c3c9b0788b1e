import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import { pluginErrorCode } from "../errors.ts";

const THING_CONFIG = pluginErrorCode("THING_ERR_CONFIG");
import { CONNECTION_DEFAULTS, connectionKnobs, readConnectionSettings } from "./settings.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];
const spec = {
  envPrefix: "STRATOS_THING",
  defaults: { reconnectWaitMs: 100 },
  knobs: [{ key: "maxInFlight", env: "STRATOS_THING_MAX_IN_FLIGHT", default: 64, min: 1 }],
  errorCode: THING_CONFIG,
} as const;

Deno.test("readConnectionSettings - the defaults, overridden where the plugin says", () => {
  assert.deepEqual(readConnectionSettings(spec, {}, env({})), {
    ...CONNECTION_DEFAULTS,
    reconnectWaitMs: 100,
    maxInFlight: 64,
  });
});

Deno.test("readConnectionSettings - config first, then <PREFIX>_<KNOB>, for every knob", () => {
  const vars = env({
    STRATOS_THING_CONNECT_ATTEMPTS: "2",
    STRATOS_THING_CONNECT_RETRY_MS: "0",
    STRATOS_THING_CONNECT_TIMEOUT_MS: "300",
    STRATOS_THING_RECONNECT_WAIT_MS: "50",
    STRATOS_THING_RECONNECT_MAX_WAIT_MS: "400",
    STRATOS_THING_MAX_IN_FLIGHT: "8",
  });
  assert.deepEqual(readConnectionSettings(spec, { connectAttempts: 9 }, vars), {
    connectAttempts: 9,
    connectRetryMs: 0,
    connectTimeoutMs: 300,
    reconnectWaitMs: 50,
    reconnectMaxWaitMs: 400,
    maxInFlight: 8,
  });
  assert.deepEqual(
    connectionKnobs("X").map((row) => row.env),
    [
      "X_CONNECT_ATTEMPTS",
      "X_CONNECT_RETRY_MS",
      "X_CONNECT_TIMEOUT_MS",
      "X_RECONNECT_WAIT_MS",
      "X_RECONNECT_MAX_WAIT_MS",
    ],
  );
});

Deno.test("readConnectionSettings - the longest wait is at least the first; bad values are refused", () => {
  const s = readConnectionSettings(
    spec,
    { reconnectWaitMs: 3000, reconnectMaxWaitMs: 1000 },
    env({}),
  );
  assert.equal(s.reconnectMaxWaitMs, 3000);
  assert.throws(
    () => readConnectionSettings(spec, {}, env({ STRATOS_THING_CONNECT_ATTEMPTS: "0" })),
    stratosError(
      "THING_ERR_CONFIG",
      'STRATOS_THING_CONNECT_ATTEMPTS must be an integer >= 1: found "0"',
    ),
  );
  assert.throws(
    () => readConnectionSettings(spec, { connectRetryMs: -1 }, env({})),
    stratosError("THING_ERR_CONFIG", /config 'connectRetryMs' must be an integer >= 0/),
  );
});
