import assert from "node:assert/strict";
import { checkAuthDomains } from "./authentication.ts";
import { envResolver } from "./env.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("defaults headerType to bearer and resolves env(NAME)", () => {
  const { raw, context, report } = decodeFixture(
    "authentication:\n  domains:\n    api.github.com:\n      value: env(GITHUB_TOKEN)\n" +
      "    example.com:\n      headerType: basic\n      value: abc\n",
  );
  const resolve = envResolver((name) => name === "GITHUB_TOKEN" ? "ghp_1" : undefined, context);
  assert.deepEqual(checkAuthDomains(raw.authentication?.domains, context, resolve), {
    "api.github.com": { headerType: "bearer", value: "ghp_1" },
    "example.com": { headerType: "basic", value: "abc" },
  });
  assert.deepEqual(lines(report), []);
});

Deno.test("a domain without a value is an error", () => {
  const { raw, context, report } = decodeFixture(
    "authentication:\n  domains:\n    api.github.com:\n      headerType: bearer\n",
  );
  checkAuthDomains(raw.authentication?.domains, context, (value) => value);
  assert.deepEqual(lines(report), [
    "4:7: authentication for domain api.github.com has an empty value",
  ]);
});
