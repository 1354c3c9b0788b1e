import assert from "node:assert/strict";
import { isValidSemver } from "./semver.ts";

Deno.test("accepts what Go's semver.IsValid accepts", () => {
  for (
    const version of [
      "v0.1.0",
      "v1",
      "v1.2",
      "v1.2.3",
      "v10.20.30",
      "v1.2.3-rc.1",
      "v1.2.3-0.alpha-1",
      "v1.2.3+build.007",
      "v1.2.3-beta+exp.sha.5114f85",
      "v0.0.0",
    ]
  ) {
    assert.equal(isValidSemver(version), true, version);
  }
});

Deno.test("rejects what Go's semver.IsValid rejects", () => {
  for (
    const version of [
      "",
      "1.2.3",
      "v",
      "v01.2.3",
      "v1.02.3",
      "v1.2.03",
      "v1.2.3.4",
      "v1-rc",
      "v1.2+build",
      "v1.2.3-",
      "v1.2.3-01",
      "v1.2.3-a..b",
      "v1.2.3+",
      "v1.2.3+a_b",
      "v1..3",
      "v1.2.",
      "V1.2.3",
      "v1.2.3\n",
    ]
  ) {
    assert.equal(isValidSemver(version), false, JSON.stringify(version));
  }
});
