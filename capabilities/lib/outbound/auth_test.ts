import assert from "node:assert/strict";
import { type AuthConfig, authorizationFor, authorizationValue, authSecrets } from "./auth.ts";

const auth: AuthConfig = {
  enabled: true,
  headers: {
    "api.example.com": { headerType: "bearer", value: "s3cret-token" },
    "127.0.0.1:8443": { headerType: "token", value: "port-secret" },
    "Secure.Example.com:443": { headerType: "basic", value: "dXNlcjpwYXNz" },
    "empty.example.com": { headerType: "bearer", value: "" },
    "raw.example.com": { headerType: "", value: "just-the-value" },
  },
};

const at = (url: string, config = auth) => authorizationFor(new URL(url), config);

Deno.test("authorizationFor - only the configured host[:port] gets the header", () => {
  assert.equal(at("https://api.example.com/v1/x"), "bearer s3cret-token");
  assert.equal(at("http://API.EXAMPLE.COM/"), "bearer s3cret-token", "hosts are case-insensitive");
  assert.equal(at("https://api.example.com:8443/"), undefined, "another port is another host");
  assert.equal(at("https://evil.api.example.com/"), undefined);
  assert.equal(at("https://api.example.com.evil.net/"), undefined);
  assert.equal(at("https://example.com/"), undefined);
  assert.equal(at("http://127.0.0.1:8443/"), "token port-secret");
  assert.equal(at("http://127.0.0.1/"), undefined);
  assert.equal(at("https://user:pw@api.example.com/"), "bearer s3cret-token");
});

Deno.test("authorizationFor - a domain written with the default port matches", () => {
  assert.equal(at("https://secure.example.com/"), "basic dXNlcjpwYXNz");
  assert.equal(at("https://secure.example.com:443/"), "basic dXNlcjpwYXNz");
  assert.equal(at("http://secure.example.com/"), undefined, "port 80 is not 443");
});

Deno.test("authorizationFor - disabled auth and empty values inject nothing", () => {
  assert.equal(at("https://api.example.com/", { ...auth, enabled: false }), undefined);
  assert.equal(at("https://empty.example.com/"), undefined);
  assert.equal(at("https://raw.example.com/"), "just-the-value");
});

Deno.test("authorizationValue and authSecrets", () => {
  assert.equal(authorizationValue({ headerType: "bearer", value: "x" }), "bearer x");
  assert.deepEqual(authSecrets(auth), [
    "s3cret-token",
    "port-secret",
    "dXNlcjpwYXNz",
    "just-the-value",
  ]);
});
