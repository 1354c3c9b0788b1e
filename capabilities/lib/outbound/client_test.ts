import assert from "node:assert/strict";
import { defaultCapabilities } from "../../../kernel/directive/mod.ts";
import type { HTTPRules } from "../../../plugin.ts";
import { FakeResolver } from "../../../tests/outbound/support/fake_resolver.ts";
import {
  type Received,
  startEchoServer,
  type TestServer,
} from "../../../tests/outbound/support/servers.ts";
import type { AuthConfig } from "./auth.ts";
import { OutboundClient, type OutboundClientOptions, OutboundError } from "./client.ts";
import { REDACTED } from "./redact.ts";
import { RULE_ERRORS } from "./rules.ts";
import { type Hop, nodeTransport, type Transport } from "./transport.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const SECRET = "tok-3f9a1c7e";
const PRIVATE = `failed to requestIsAllowed: ${RULE_ERRORS.private}`;

/** Public-looking names; {@link nat} connects their addresses to the loopback test server. */
const names = () =>
  new FakeResolver({
    "api.public.test": ["93.184.216.34"],
    "other.public.test": ["93.184.216.35"],
    "rebind.public.test": { sequence: [["93.184.216.36"], ["127.0.0.1"]] },
    "inside.public.test": ["127.0.0.1"],
  });

/**
 * A transport that records each hop and, like a NAT in front of the test server, sends the
 * public test addresses to loopback. What the client approved is what the recorded hop carries.
 */
function nat(hops: Hop[]): Transport {
  return (hop, options) => {
    hops.push(hop);
    const local = hop.addresses.map((a) => a.startsWith("93.184.216.") ? "127.0.0.1" : a);
    return nodeTransport({ ...hop, addresses: local }, options);
  };
}

function rules(change: Partial<HTTPRules> = {}): HTTPRules {
  return { ...defaultCapabilities().http.rules, allowPrivate: false, ...change };
}

interface Setup {
  server: TestServer;
  hops: Hop[];
  resolver: FakeResolver;
  client: OutboundClient;
  /** `http://<name>:<server port>` */
  at(name: string): string;
}

async function withClient(
  change: (at: Setup["at"]) => Partial<OutboundClientOptions>,
  test: (setup: Setup) => Promise<void>,
): Promise<void> {
  const server = startEchoServer();
  const at = (name: string) => `http://${name}:${server.port}`;
  const hops: Hop[] = [];
  const resolver = names();
  const auth: AuthConfig = {
    enabled: true,
    headers: { [`api.public.test:${server.port}`]: { headerType: "bearer", value: SECRET } },
  };
  const client = new OutboundClient({
    rules: rules({ allowedPorts: [server.port] }),
    auth,
    resolver,
    transport: nat(hops),
    ...change(at),
  });
  try {
    await test({ server, hops, resolver, client, at });
  } finally {
    await server.close();
  }
}

function get(client: OutboundClient, url: string, headers: [string, string][] = []) {
  return client.send({ method: "GET", url: new URL(url), headers, body: new Uint8Array() });
}

async function failsWith(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OutboundError, String(error));
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

const authOf = (r: Received) => r.headers.authorization;
const to = (url: string) => encodeURIComponent(url);

Deno.test("OutboundClient - connects to the addresses it checked, resolving once per hop", async () => {
  await withClient(() => ({}), async ({ hops, resolver, client, at }) => {
    const response = await get(client, `${at("rebind.public.test")}/echo`);
    assert.equal(response.status, 200);
    assert.deepEqual(resolver.asked, ["rebind.public.test"]);
    assert.deepEqual(hops[0].addresses, ["93.184.216.36"], "the approved answer, not a later one");
    assert.match(JSON.parse(decode(response.body)).host, /^rebind\.public\.test:/);
  });
});

Deno.test("OutboundClient - a redirect into private space is refused", async () => {
  await withClient(() => ({}), async ({ server, client, at }) => {
    for (
      const target of [
        `http://127.0.0.1:${server.port}/echo`,
        `http://localhost:${server.port}/echo`,
        `http://[::1]:${server.port}/echo`,
        `http://2130706433:${server.port}/echo`,
        `http://0x7f.1:${server.port}/echo`,
        `${at("inside.public.test")}/echo`,
      ]
    ) {
      await failsWith(
        get(client, `${at("api.public.test")}/redirect/302?to=${to(target)}`),
        PRIVATE,
      );
    }
    assert.ok(server.received.length > 0);
    assert.ok(server.received.every((r) => r.path.startsWith("/redirect/")), "never reached");
  });
});

Deno.test("OutboundClient - every hop is checked against every rule", async () => {
  const blocked = (port: number) =>
    rules({ blockedDomains: ["other.public.test"], allowedPorts: [port] });
  await withClient(
    (at) => ({ rules: blocked(Number(new URL(at("x")).port)) }),
    async ({ client, at }) => {
      const away = `${at("api.public.test")}/redirect/301?to=${
        to(`${at("other.public.test")}/echo`)
      }`;
      await failsWith(get(client, away), `failed to requestIsAllowed: ${RULE_ERRORS.domain}`);
    },
  );
  await withClient(() => ({ rules: rules({ allowedPorts: [1] }) }), async ({ client, at }) => {
    await failsWith(get(client, `${at("api.public.test")}/echo`), /this port are disallowed$/);
  });
});

Deno.test("OutboundClient - auth only for its domain, re-evaluated on every hop", async () => {
  await withClient(() => ({}), async ({ server, client, at }) => {
    const api = at("api.public.test");
    const other = at("other.public.test");
    await get(client, `${api}/echo`);
    await get(client, `${api}/redirect/302?to=${to(`${other}/echo`)}`);
    await get(client, `${other}/redirect/307?to=${to(`${api}/echo`)}`);
    const seen = server.received.map((r) => [r.host.split(":")[0], authOf(r)]);
    assert.deepEqual(seen, [
      ["api.public.test", `bearer ${SECRET}`],
      ["api.public.test", `bearer ${SECRET}`],
      ["other.public.test", undefined],
      ["other.public.test", undefined],
      ["api.public.test", `bearer ${SECRET}`],
    ]);
  });
  await withClient(
    () => ({ auth: { enabled: false, headers: {} } }),
    async ({ server, client, at }) => {
      await get(client, `${at("api.public.test")}/echo`);
      assert.equal(authOf(server.received[0]), undefined);
    },
  );
});

Deno.test("OutboundClient - the Runnable's credentials do not follow a redirect elsewhere", async () => {
  await withClient(() => ({}), async ({ server, client, at }) => {
    const headers: [string, string][] = [["Authorization", "mine"], ["Cookie", "c=1"]];
    const other = at("other.public.test");
    await get(client, `${other}/redirect/302?to=/echo`, headers);
    await get(client, `${other}/redirect/302?to=${to(`${at("api.public.test")}/echo`)}`, headers);
    const [same, elsewhere] = server.received.filter((r) => r.path === "/echo");
    assert.deepEqual([authOf(same), same.headers.cookie], ["mine", "c=1"]);
    assert.deepEqual([authOf(elsewhere), elsewhere.headers.cookie], [
      `bearer ${SECRET}`,
      undefined,
    ]);
  });
});

Deno.test("OutboundClient - the host's header replaces the Runnable's for the domain", async () => {
  await withClient(() => ({}), async ({ server, client, at }) => {
    await get(client, `${at("api.public.test")}/echo`, [["authorization", "forged"]]);
    assert.equal(authOf(server.received[0]), `bearer ${SECRET}`);
    assert.equal(server.received[0].headers["user-agent"], "Stratos");
    const withUser = at("other.public.test").replace("//", "//ad%C3%A9:p%40ss@");
    await get(client, `${withUser}/echo`);
    assert.equal(authOf(server.received[1]), `Basic ${btoa("ad\xc3\xa9:p@ss")}`);
    await get(client, `${withUser}/echo`, [["Authorization", "own"]]);
    assert.equal(authOf(server.received[2]), "own");
  });
});

Deno.test("OutboundClient - redirect methods follow Go; hops are bounded", async () => {
  await withClient(() => ({ limits: { maxRedirects: 3 } }), async ({ server, client, at }) => {
    const api = at("api.public.test");
    const body = new TextEncoder().encode("payload");
    const post = (url: string) =>
      client.send({
        method: "POST",
        url: new URL(url),
        headers: [["Content-Type", "text/plain"]],
        body,
      });
    await post(`${api}/redirect/303?to=/echo`);
    await post(`${api}/redirect/308?to=/echo`);
    const [, see, , keep] = server.received;
    assert.deepEqual([see.method, see.body, see.headers["content-type"]], ["GET", "", undefined]);
    assert.deepEqual([keep.method, keep.body, keep.headers["content-type"]], [
      "POST",
      "payload",
      "text/plain",
    ]);
    await failsWith(get(client, `${api}/loop`), `Get "${api}/loop": stopped after 3 redirects`);
    assert.equal(server.received.filter((r) => r.path === "/loop").length, 4);
    const last = await get(client, `${api}/redirect/302`);
    assert.equal(last.status, 302, "a redirect without Location is the answer");
  });
});

Deno.test("OutboundClient - time limit, stop, size limit, lookups, schemes", async () => {
  const stopping = new AbortController();
  const limits = { timeoutMs: 150, maxResponseBytes: 64 };
  await withClient(() => ({ limits, signal: stopping.signal }), async ({ client, at }) => {
    const api = at("api.public.test");
    await failsWith(get(client, `${api}/slow`), `Get "${api}/slow": request timed out after 0.15s`);
    await failsWith(
      get(client, `${api}/bytes/65`),
      `Get "${api}/bytes/65": response body exceeds the limit of 64 bytes`,
    );
    assert.equal((await get(client, `${api}/bytes/64`)).body.length, 64);
    await failsWith(
      get(client, "http://nowhere.public.test/"),
      'Get "http://nowhere.public.test/": dial tcp: lookup nowhere.public.test: no such host',
    );
    await failsWith(
      get(client, "ftp://api.public.test/"),
      'Get "ftp://api.public.test/": unsupported protocol scheme "ftp"',
    );
    await failsWith(
      get(client, "ftp://me:pw@api.public.test/"),
      'Get "ftp://me:***@api.public.test/": unsupported protocol scheme "ftp"',
    );
    stopping.abort();
    await failsWith(get(client, `${api}/echo`), /the runtime is stopping$/);
  });
});

Deno.test("OutboundClient - secrets are redacted from bodies and errors", async () => {
  await withClient(() => ({}), async ({ client, at }) => {
    const echoed = decode((await get(client, `${at("api.public.test")}/echo`)).body);
    assert.ok(!echoed.includes(SECRET));
    assert.ok(echoed.includes(`bearer ${REDACTED}`));
    const status = await get(client, `${at("api.public.test")}/status/401`);
    assert.equal(status.status, 401);
    assert.equal(decode(status.body), `failed; you sent bearer ${REDACTED}`);
    await failsWith(get(client, `http://${SECRET}.public.test/`), /\[REDACTED\]\.public\.test/);
  });
});
