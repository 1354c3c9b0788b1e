import assert from "node:assert/strict";
import { defaultCapabilities } from "../../../kernel/directive/mod.ts";
import type { HTTPRules } from "../../../plugin.ts";
import { FakeResolver } from "../../../tests/outbound/support/fake_resolver.ts";
import { abortable, checkHop, ResolveError, RULE_ERRORS, RuleViolation } from "./rules.ts";

const resolver = new FakeResolver({
  "example.com": ["93.184.216.34"],
  "friday.com": ["93.184.216.35"],
  "another.com": ["93.184.216.36"],
  "goodbye.hello.com": ["93.184.216.37"],
  "test.suborbital.dev": ["93.184.216.38"],
  "public.test": ["93.184.216.39"],
  "localhost": ["127.0.0.1"],
  "rebind.test": ["127.0.0.1"],
  "mixed.test": ["93.184.216.40", "10.0.0.5"],
  "v6private.test": ["fd00::1"],
  "mapped.test": ["::ffff:127.0.0.1"],
  "broken.test": { error: "ESERVFAIL" },
}, {
  "test.suborbital.dev": ["suborbital.network."],
  "alias.test": ["localhost.corp.example."],
});

function rules(change: Partial<HTTPRules> = {}): HTTPRules {
  return { ...defaultCapabilities().http.rules, ...change };
}

async function refused(url: string, r: HTTPRules, message: string): Promise<void> {
  await assert.rejects(checkHop(new URL(url), r, resolver), (error: unknown) => {
    assert.ok(error instanceof RuleViolation, `${url}: ${error}`);
    assert.equal(error.message, message, url);
    return true;
  });
}

Deno.test("checkHop - default rules allow everything and return the resolved addresses", async () => {
  assert.deepEqual(await checkHop(new URL("http://example.com"), rules(), resolver), [
    "93.184.216.34",
  ]);
  assert.deepEqual(await checkHop(new URL("http://127.0.0.1:8080/"), rules(), resolver), [
    "127.0.0.1",
  ]);
  assert.deepEqual(await checkHop(new URL("http://[::1]/"), rules(), resolver), ["::1"]);
});

Deno.test("checkHop - allowHTTP", async () => {
  await refused("http://example.com", rules({ allowHTTP: false }), RULE_ERRORS.http);
  assert.ok(await checkHop(new URL("https://friday.com"), rules({ allowHTTP: false }), resolver));
});

Deno.test("checkHop - ports: allowed = 80, 443 and allowedPorts; blocked wins", async () => {
  const allowed = rules({ allowedPorts: [8080] });
  assert.ok(await checkHop(new URL("http://example.com"), allowed, resolver));
  assert.ok(await checkHop(new URL("https://example.com"), allowed, resolver));
  assert.ok(await checkHop(new URL("http://example.com:8080"), allowed, resolver));
  await refused("http://example.com:8088", allowed, RULE_ERRORS.port);
  const blocked = rules({ allowedPorts: [8081, 8082], blockedPorts: [80, 443, 8080, 8081] });
  await refused("http://example.com", blocked, RULE_ERRORS.port);
  await refused("https://example.com", blocked, RULE_ERRORS.port);
  await refused("http://example.com:8081", blocked, RULE_ERRORS.port);
  assert.ok(await checkHop(new URL("http://example.com:8082"), blocked, resolver));
  await refused("https://example.com:443", rules({ blockedPorts: [443] }), RULE_ERRORS.port);
});

Deno.test("checkHop - allowIPs: every IP spelling counts as an IP", async () => {
  const noIPs = rules({ allowIPs: false });
  for (
    const url of [
      "http://100.11.12.13",
      "http://127.0.0.1",
      "http://2130706433/",
      "http://0x7f.0.0.1/",
      "http://127.1/",
      "http://0177.0.0.1/",
      "http://[::1]",
      "http://[fe80::1]",
      "http://[fd00::2f00]",
      "http://[2604:a880:cad:d0::dff:7001]",
    ]
  ) {
    await refused(url, noIPs, RULE_ERRORS.ips);
  }
  assert.ok(await checkHop(new URL("http://friday.com"), noIPs, resolver));
  assert.ok(await checkHop(new URL("http://localhost:8080"), noIPs, resolver));
});

Deno.test("checkHop - allowPrivate: names, literals and resolved addresses", async () => {
  const noPrivate = rules({ allowPrivate: false });
  for (
    const url of [
      "http://localhost",
      "http://localhost.:8080/",
      "http://LOCALHOST/",
      "http://api.localhost/",
      "http://127.0.0.1",
      "http://127.1/",
      "http://2130706433/",
      "http://0x7f.0.0.1/",
      "http://0x7f000001/",
      "http://127.0.0.1./",
      "http://%31%32%37.0.0.1/",
      "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", // full-width digits
      "http://\u24dbocalhost/", // a circled l: IDNA maps it to localhost
      "http://[::1]",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[fe80::1]",
      "http://[fd00::2f00]",
      "http://192.168.0.11",
      "http://169.254.169.254/latest/meta-data/",
      "http://0.0.0.0/",
      "http://rebind.test/",
      "http://mixed.test/",
      "http://v6private.test/",
      "http://mapped.test/",
      "http://alias.test/", // its CNAME contains "localhost"
    ]
  ) {
    await refused(url, noPrivate, RULE_ERRORS.private);
  }
  assert.deepEqual(await checkHop(new URL("https://public.test"), noPrivate, resolver), [
    "93.184.216.39",
  ]);
});

Deno.test("checkHop - allowedDomains decide on the URL's host", async () => {
  const allowed = rules({
    allowedDomains: ["example.com", "another.com", "*.hello.com", "tomorrow.*", "100.*.12.13"],
  });
  assert.ok(await checkHop(new URL("http://example.com:8080"), allowed, resolver));
  assert.ok(await checkHop(new URL("http://EXAMPLE.com"), allowed, resolver));
  assert.ok(await checkHop(new URL("http://goodbye.hello.com"), allowed, resolver));
  assert.ok(await checkHop(new URL("http://100.11.12.13"), allowed, resolver));
  await refused("http://athird.com", allowed, RULE_ERRORS.domain);
  await refused("http://101.12.13.14", allowed, RULE_ERRORS.domain);
  await refused("http://example.com.evil.net", allowed, RULE_ERRORS.domain);
  // Private checks come first, and still hold for an allowed name.
  const both = rules({ allowedDomains: ["rebind.test"], allowPrivate: false });
  await refused("http://rebind.test", both, RULE_ERRORS.private);
});

Deno.test("checkHop - blockedDomains apply to the host and its CNAME chain", async () => {
  const blocked = rules({ blockedDomains: ["example.com", "*.hello.com", "suborbital.network"] });
  await refused("http://example.com", blocked, RULE_ERRORS.domain);
  await refused("http://example.com.", blocked, RULE_ERRORS.domain);
  await refused("http://goodbye.hello.com", blocked, RULE_ERRORS.domain);
  await refused("https://test.suborbital.dev", blocked, RULE_ERRORS.domain);
  assert.ok(await checkHop(new URL("http://friday.com"), blocked, resolver));
  const both = rules({ allowedDomains: ["example.com"], blockedDomains: ["example.com"] });
  assert.ok(await checkHop(new URL("http://example.com"), both, resolver), "allow-list wins");
});

Deno.test("checkHop - names without an address, and failed lookups", async () => {
  await assert.rejects(
    checkHop(new URL("http://nowhere.test"), rules(), resolver),
    (e: unknown) => e instanceof ResolveError && e.message === "lookup nowhere.test: no such host",
  );
  await assert.rejects(
    checkHop(new URL("http://broken.test"), rules({ allowPrivate: false }), resolver),
    (e: unknown) => e instanceof ResolveError && e.reason === "ESERVFAIL",
  );
  // A name that does not resolve is still refused by a domain rule first, as in Atmo.
  await refused("http://nowhere.test", rules({ blockedDomains: ["*.test"] }), RULE_ERRORS.domain);
});

Deno.test("checkHop - names are only looked up when a rule needs them", async () => {
  const fresh = new FakeResolver({ "example.com": ["93.184.216.34"] });
  await checkHop(new URL("http://example.com"), rules(), fresh);
  assert.deepEqual(fresh.askedAliases, []);
  await checkHop(new URL("http://example.com"), rules({ allowPrivate: false }), fresh);
  await checkHop(new URL("http://example.com"), rules({ blockedDomains: ["x.test"] }), fresh);
  assert.deepEqual(fresh.askedAliases, ["example.com", "example.com"]);
  assert.deepEqual(fresh.asked, ["example.com", "example.com", "example.com"]);
  await assert.rejects(
    checkHop(new URL("http://localhost"), rules({ allowPrivate: false }), fresh),
  );
  assert.equal(fresh.asked.length + fresh.askedAliases.length, 5, "localhost: no lookup at all");
});

Deno.test("abortable - rejects with the signal's reason", async () => {
  const controller = new AbortController();
  const never = new Promise<string>(() => {});
  const pending = abortable(never, controller.signal);
  controller.abort(new Error("stop"));
  await assert.rejects(pending, /stop/);
  assert.equal(
    await abortable(Promise.resolve("ok"), controller.signal).catch(() => "aborted"),
    "aborted",
  );
  assert.equal(await abortable(Promise.resolve("ok")), "ok");
});
