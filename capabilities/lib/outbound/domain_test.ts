import assert from "node:assert/strict";
import { matchesDomain } from "./domain.ts";

Deno.test("matchesDomain - Atmo's cases (rcap/http_rulefilter_test.go)", () => {
  const patterns = ["example.com", "another.com", "*.hello.com", "tomorrow.*", "100.*.12.13"];
  const matches = (domain: string) => patterns.some((p) => matchesDomain(p, domain));
  assert.equal(matches("example.com"), true);
  assert.equal(matches("another.com"), true);
  assert.equal(matches("goodbye.hello.com"), true);
  assert.equal(matches("goodmorning.goodbye.hello.com"), true, "a leading * covers more labels");
  assert.equal(matches("tomorrow.eu"), true);
  assert.equal(matches("tomorrow.co.uk"), false);
  assert.equal(matches("athird.com"), false);
  assert.equal(matches("100.11.12.13"), true);
  assert.equal(matches("101.12.13.14"), false);
});

Deno.test("matchesDomain - edge cases", () => {
  assert.equal(matchesDomain("", ""), true);
  assert.equal(matchesDomain("", "example.com"), false);
  assert.equal(matchesDomain("example.com", ""), false);
  assert.equal(matchesDomain("example.com", "example.com."), true, "a trailing dot is skipped");
  assert.equal(matchesDomain("example.com", "evil-example.com"), false);
  assert.equal(matchesDomain("example.com", "example.com.evil.net"), false);
  assert.equal(matchesDomain("*.example.com", "example.com"), false);
  assert.equal(matchesDomain("*.example.com", ".example.com"), false, "no index -1 panic");
  assert.equal(matchesDomain("*", "anything.at.all"), true);
});
