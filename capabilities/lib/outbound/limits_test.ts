import assert from "node:assert/strict";
import { DEFAULT_OUTBOUND_LIMITS, outboundLimitsFromEnv } from "./limits.ts";

Deno.test("outboundLimitsFromEnv - defaults, valid values, invalid values", () => {
  assert.deepEqual(outboundLimitsFromEnv(() => undefined), DEFAULT_OUTBOUND_LIMITS);
  const env: Record<string, string> = {
    STRATOS_OUTBOUND_TIMEOUT: "5",
    STRATOS_OUTBOUND_MAX_BYTES: "1024",
    STRATOS_OUTBOUND_MAX_REDIRECTS: "0",
  };
  assert.deepEqual(outboundLimitsFromEnv((name) => env[name]), {
    timeoutMs: 5000,
    maxResponseBytes: 1024,
    maxRedirects: 0,
  });
  const bad: Record<string, string> = {
    STRATOS_OUTBOUND_TIMEOUT: "0",
    STRATOS_OUTBOUND_MAX_BYTES: "-1",
    STRATOS_OUTBOUND_MAX_REDIRECTS: "",
  };
  assert.deepEqual(outboundLimitsFromEnv((name) => bad[name]), DEFAULT_OUTBOUND_LIMITS);
});
