/**
 * End-to-end security of the outbound capabilities, through running apps and a Runnable (the WAT
 * proxy) that does what a hostile Runnable would:
 *
 * - auth headers reach only their configured host[:port], also across redirects (checked where
 *   the requests arrive);
 * - the secret cannot be read back through any host call (echoed bodies, error bodies, GraphQL
 *   data and errors, request headers) nor appears in any log line;
 * - with `allowPrivate: false` every spelling of a private target, and names resolving to one,
 *   are refused with Atmo's error text and never reached;
 * - rules are checked again on every redirect hop.
 *
 * Names such as `api.test` resolve to loopback through a test plugin providing the outbound
 * resolver service (tests/outbound/support/resolver_plugin), so no DNS or /etc/hosts is involved.
 * The redirect from a public address into private space is covered by the client's unit tests
 * (kernel/outbound/client_test.ts), where a public address can be mapped to the test server.
 */

import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { proxyApp, viaProxy } from "./support/proxy_app.ts";
import { type Received, startEchoServer, startGraphQLServer } from "./support/servers.ts";

const SECRET = "s3cr3t-9f1c2b7a";
const SECRET_ENV = "STRATOS_OUTBOUND_TEST_SECRET";
const RESOLVER_PLUGIN = new URL("./support/resolver_plugin", import.meta.url).pathname;
const PRIVATE =
  "err failed to requestIsAllowed: requests to private IP address ranges are disallowed";

/** A `plugins:` section loading the test resolver with `names`. */
function resolverSection(names: Record<string, string[]>): string {
  return `plugins:
  - path: ${RESOLVER_PLUGIN}
    config:
      names: ${JSON.stringify(names)}
`;
}

/** `capabilities:` with the same rules for http and graphql, plus `extra` lines. */
function capabilitiesSection(rules: string, extra = ""): string {
  return `capabilities:
  http:
    enabled: true
    rules: ${rules}
  graphql:
    enabled: true
    rules: ${rules}
${extra}`;
}

function assertNoSecret(app: TestApp, ...texts: string[]): void {
  for (const text of texts) assert.ok(!text.includes(SECRET), `secret leaked: ${text}`);
  const leaked = app.logs.filter((line) => JSON.stringify(line).includes(SECRET));
  assert.deepEqual(leaked, [], "no log line carries the secret");
}

const authOf = (r: Received) => r.headers.authorization;

Deno.test("outbound security - auth injection and secrecy", async (t) => {
  Deno.env.set(SECRET_ENV, SECRET);
  const echo = startEchoServer();
  const gql = startGraphQLServer();
  const names = {
    "api.test": ["127.0.0.1"],
    "other.test": ["127.0.0.1"],
    "localhost": ["127.0.0.1"],
  };
  const app = await startApp(
    await proxyApp(
      `authentication:
  domains:
    "127.0.0.1:${echo.port}": { headerType: bearer, value: env(${SECRET_ENV}) }
    "127.0.0.1:${gql.port}": { headerType: bearer, value: env(${SECRET_ENV}) }
${
        capabilitiesSection(
          "{ allowIPs: true, allowPrivate: true, allowHTTP: true }",
          `  auth:
    enabled: true
    headers:
      "api.test:${echo.port}": { headerType: token, value: env(${SECRET_ENV}) }
`,
        )
      }${resolverSection(names)}`,
    ),
  );
  const answers: string[] = [];
  const proxy = async (call: Parameters<typeof viaProxy>[1]) => {
    const answer = await viaProxy(app.url, call);
    answers.push(answer);
    return answer;
  };
  try {
    await t.step("the header reaches the configured host[:port] only", async () => {
      await proxy({ url: `${echo.url}/echo` });
      await proxy({ url: `http://localhost:${echo.port}/echo` });
      await proxy({ url: `http://api.test:${echo.port}/echo` });
      await proxy({ url: `http://other.test:${echo.port}/echo` });
      assert.deepEqual(echo.received.map((r) => [r.host, authOf(r)]), [
        [`127.0.0.1:${echo.port}`, `bearer ${SECRET}`],
        [`localhost:${echo.port}`, undefined],
        [`api.test:${echo.port}`, `token ${SECRET}`],
        [`other.test:${echo.port}`, undefined],
      ]);
    });

    await t.step("a redirect to another host does not carry it; one back does", async () => {
      echo.received.length = 0;
      const away = encodeURIComponent(`http://localhost:${echo.port}/echo`);
      await proxy({ url: `${echo.url}/redirect/302?to=${away}` });
      const other = encodeURIComponent(`http://other.test:${echo.port}/echo`);
      await proxy({ method: 3, url: `http://api.test:${echo.port}/redirect/307?to=${other}` });
      const back = encodeURIComponent(`http://api.test:${echo.port}/echo`);
      await proxy({ url: `http://other.test:${echo.port}/redirect/301?to=${back}` });
      assert.deepEqual(echo.received.map((r) => [r.host, authOf(r)]), [
        [`127.0.0.1:${echo.port}`, `bearer ${SECRET}`],
        [`localhost:${echo.port}`, undefined],
        [`api.test:${echo.port}`, `token ${SECRET}`],
        [`other.test:${echo.port}`, undefined],
        [`other.test:${echo.port}`, undefined],
        [`api.test:${echo.port}`, `token ${SECRET}`],
      ]);
    });

    await t.step("the Runnable cannot read the secret back through any host call", async () => {
      const echoed = await proxy({ url: `${echo.url}/echo` });
      assert.equal(JSON.parse(echoed.slice(3)).headers.authorization, "bearer [REDACTED]");
      assert.equal(
        await proxy({ url: `${echo.url}/status/401` }),
        "err 401: failed; you sent bearer [REDACTED]",
      );
      const escaped = await proxy({ url: `http://api.test:${echo.port}/echo` });
      assert.equal(JSON.parse(escaped.slice(3)).headers.authorization, "token [REDACTED]");
      const endpoint = `${gql.url}/graphql`;
      assert.equal(
        await proxy({ url: endpoint, query: "{ whoami }" }),
        'ok {"data":{"whoami":"bearer [REDACTED]"}}',
      );
      assert.equal(
        await proxy({ url: endpoint, query: "{ fail }" }),
        "err graphQL error; path: fail, message: failed for bearer [REDACTED]",
      );
      assert.equal(
        await proxy({ url: `${gql.url}/status/500`, query: "{ whoami }" }),
        "err non-200 HTTP response code; upstream says no; you sent bearer [REDACTED]",
      );
      assert.equal(await proxy({ header: "authorization" }), "ok ");
      assert.ok(gql.received.every((r) => authOf(r) === `bearer ${SECRET}`), "it was sent");
      assertNoSecret(app, ...answers);
    });
  } finally {
    await app.stop();
    await echo.close();
    await gql.close();
    Deno.env.delete(SECRET_ENV);
  }
});

Deno.test("outbound security - allowPrivate: false refuses every private target", async (t) => {
  const echo = startEchoServer();
  const gql = startGraphQLServer();
  const names = {
    "internal.test": ["127.0.0.1"],
    "v6.test": ["::1"],
    "mapped.test": ["::ffff:127.0.0.1"],
    "mixed.test": ["93.184.216.34", "127.0.0.1"],
    "nat64.test": ["64:FF9B::7F00:1"],
    "teredo.test": ["2001:0:808:808:8000:63bf:80ff:fffe"],
  };
  const app = await startApp(
    await proxyApp(
      capabilitiesSection("{ allowIPs: true, allowPrivate: false, allowHTTP: true }") +
        resolverSection(names),
    ),
  );
  const p = echo.port;
  const targets = [
    `http://localhost:${p}/`,
    `http://localhost.:${p}/`,
    `http://LOCALHOST:${p}/`,
    `http://127.0.0.1:${p}/`,
    `http://[::1]:${p}/`,
    `http://[0:0:0:0:0:0:0:1]:${p}/`,
    `http://[::ffff:127.0.0.1]:${p}/`,
    `http://0x7f.0.0.1:${p}/`,
    `http://0x7f000001:${p}/`,
    `http://2130706433:${p}/`,
    `http://127.1:${p}/`,
    `http://0177.0.0.1:${p}/`,
    `http://0.0.0.0:${p}/`,
    `http://[::ffff:0:127.0.0.1]:${p}/`, // IPv4-translated
    `http://[64:ff9b::127.0.0.1]:${p}/`, // NAT64
    `http://[2002:7f00:1::1]:${p}/`, // 6to4
    `http://[2001:0:808:808:8000:63bf:80ff:fffe]:${p}/`, // Teredo client 127.0.0.1
    `http://[2606:4700:4700:1:0:5efe:127.0.0.1]:${p}/`, // ISATAP
    `http://[100:0:0:1::1]:${p}/`, // dummy prefix
    `http://[5f00::1]:${p}/`, // SRv6 SIDs
    `http://[3fff::1]:${p}/`, // documentation
    `http://nat64.test:${p}/`,
    `http://teredo.test:${p}/`,
    `http://internal.test:${p}/`,
    `http://v6.test:${p}/`,
    `http://mapped.test:${p}/`,
    `http://mixed.test:${p}/`,
  ];
  try {
    await t.step("fetch_url", async () => {
      for (const url of targets) {
        assert.equal(await viaProxy(app.url, { url: `${url}echo` }), PRIVATE, url);
      }
    });
    await t.step("graphql_query", async () => {
      for (const url of [...targets.slice(0, 4), `http://internal.test:${gql.port}/`]) {
        assert.equal(
          await viaProxy(app.url, { url: `${url}graphql`, query: "{ hello }" }),
          PRIVATE,
        );
      }
    });
    await t.step("nothing was reached", () => {
      assert.deepEqual(echo.received, []);
      assert.deepEqual(gql.received, []);
    });
  } finally {
    await app.stop();
    await echo.close();
    await gql.close();
  }
});

Deno.test("outbound security - rules are checked again on every redirect hop", async () => {
  const echo = startEchoServer();
  const names = { "api.test": ["127.0.0.1"], "blocked.test": ["127.0.0.1"] };
  const app = await startApp(
    await proxyApp(
      capabilitiesSection(
        '{ allowIPs: false, allowPrivate: true, allowHTTP: true, blockedDomains: ["blocked.test"] }',
        `  auth:
    enabled: false
    headers:
      "api.test:${echo.port}": { headerType: bearer, value: ${SECRET} }
`,
      ) + resolverSection(names),
    ),
  );
  const api = `http://api.test:${echo.port}`;
  const redirect = (to: string) => `${api}/redirect/302?to=${encodeURIComponent(to)}`;
  try {
    assert.equal(
      JSON.parse((await viaProxy(app.url, { url: `${api}/echo` })).slice(3)).path,
      "/echo",
    );
    assert.equal(authOf(echo.received[0]), undefined, "auth.enabled: false injects nothing");
    assert.equal(
      await viaProxy(app.url, { url: redirect(`http://127.0.0.1:${echo.port}/echo`) }),
      "err failed to requestIsAllowed: requests to IP addresses are disallowed",
    );
    assert.equal(
      await viaProxy(app.url, { url: redirect(`http://2130706433:${echo.port}/echo`) }),
      "err failed to requestIsAllowed: requests to IP addresses are disallowed",
    );
    assert.equal(
      await viaProxy(app.url, { url: redirect(`http://blocked.test:${echo.port}/echo`) }),
      "err failed to requestIsAllowed: requests to this domain are disallowed",
    );
    assert.deepEqual(
      echo.received.map((r) => r.path.split("?")[0]),
      ["/echo", "/redirect/302", "/redirect/302", "/redirect/302"],
      "no redirect target was reached",
    );
    assertNoSecret(app);
  } finally {
    await app.stop();
    await echo.close();
  }
});
