import assert from "node:assert/strict";
import { checkIdentity } from "./identity.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("accepts an identifier and Go-valid versions", () => {
  const { raw, context, report } = decodeFixture(
    "identifier: com.x.y\nappVersion: v1.2.3-rc.1\natmoVersion: v0.4\n",
  );
  assert.deepEqual(checkIdentity(raw, context), {
    identifier: "com.x.y",
    appVersion: "v1.2.3-rc.1",
    atmoVersion: "v0.4",
  });
  assert.deepEqual(lines(report), []);
});

Deno.test("reports a missing identifier and invalid versions", () => {
  const { raw, context, report } = decodeFixture("appVersion: 1.0.0\n");
  checkIdentity(raw, context);
  assert.deepEqual(lines(report), [
    "1:1: identifier is missing",
    "1:1: atmo version is not a valid semantic version",
    "1:13: app version is not a valid semantic version",
  ]);
});
