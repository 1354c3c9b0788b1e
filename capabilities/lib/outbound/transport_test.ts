import assert from "node:assert/strict";
import { pinnedTls, startEchoServer } from "../../../tests/outbound/support/servers.ts";
import {
  BodyTooLargeError,
  HeaderError,
  type Hop,
  type HopOptions,
  nodeTransport,
  wireHeaders,
} from "./transport.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function hop(url: string, change: Partial<Hop> = {}): Hop {
  return {
    method: "GET",
    url: new URL(url),
    headers: [],
    body: new Uint8Array(),
    addresses: ["127.0.0.1"],
    ...change,
  };
}

function options(change: Partial<HopOptions> = {}): HopOptions {
  return { signal: AbortSignal.timeout(5000), maxBytes: 1 << 20, ...change };
}

Deno.test("nodeTransport - connects to the approved address, keeps the name in Host", async () => {
  const server = startEchoServer();
  try {
    // The name does not exist anywhere: the connection goes to the approved address only.
    const response = await nodeTransport(
      hop(`http://api.nowhere.invalid:${server.port}/echo?q=1`, {
        method: "POST",
        headers: [["X-Test", "a"], ["X-Test", "b"], ["Host", "evil.test"]],
        body: new TextEncoder().encode("payload"),
      }),
      options(),
    );
    assert.equal(response.status, 200);
    const seen = JSON.parse(decode(await response.read()));
    assert.equal(seen.host, `api.nowhere.invalid:${server.port}`);
    assert.equal(seen.path, "/echo?q=1");
    assert.equal(seen.headers["x-test"], "a, b");
    assert.equal(seen.headers["content-length"], "7");
    assert.equal(seen.body, "payload");
  } finally {
    await server.close();
  }
});

Deno.test("nodeTransport - HTTPS: pinned address, SNI and certificate checked by name", async () => {
  const tls = pinnedTls();
  const server = startEchoServer({ tls });
  try {
    const ok = await nodeTransport(
      hop(`https://api.pinned.test:${server.port}/echo`),
      options({ caCerts: [tls.cert] }),
    );
    assert.equal(JSON.parse(decode(await ok.read())).host, `api.pinned.test:${server.port}`);
    await assert.rejects(
      nodeTransport(
        hop(`https://other.pinned.test:${server.port}/echo`),
        options({ caCerts: [tls.cert] }),
      ),
      /other\.pinned\.test/,
    );
    await assert.rejects(
      nodeTransport(hop(`https://api.pinned.test:${server.port}/echo`), options()),
      "an unknown issuer is refused",
    );
  } finally {
    await server.close();
  }
});

Deno.test("nodeTransport - bounded body, HEAD, redirects not followed, abort", async () => {
  const server = startEchoServer();
  try {
    const big = await nodeTransport(hop(`${server.url}/bytes/100`), options({ maxBytes: 50 }));
    await assert.rejects(big.read(), BodyTooLargeError);
    const exact = await nodeTransport(hop(`${server.url}/bytes/50`), options({ maxBytes: 50 }));
    assert.equal((await exact.read()).length, 50);
    const head = await nodeTransport(hop(`${server.url}/bytes/10`, { method: "HEAD" }), options());
    assert.equal((await head.read()).length, 0);
    const redirect = await nodeTransport(
      hop(`${server.url}/redirect/302?to=/elsewhere`),
      options(),
    );
    assert.deepEqual([redirect.status, redirect.location], [302, "/elsewhere"]);
    redirect.discard();
    const started = performance.now();
    const slow = await nodeTransport(
      hop(`${server.url}/slow`),
      options({ signal: AbortSignal.timeout(100) }),
    );
    await assert.rejects(slow.read());
    assert.ok(performance.now() - started < 2000, "the abort is prompt");
  } finally {
    await server.close();
  }
});

Deno.test("wireHeaders - framing headers are the transport's, bad headers are refused", () => {
  const headers = wireHeaders(hop("http://example.com:8080/", {
    method: "POST",
    headers: [["content-length", "999"], ["Transfer-Encoding", "chunked"], ["X-A", "1"]],
  }));
  assert.deepEqual(headers, { Host: "example.com:8080", "X-A": ["1"], "Content-Length": "0" });
  assert.deepEqual(wireHeaders(hop("http://example.com/")), { Host: "example.com" });
  assert.throws(
    () => wireHeaders(hop("http://x/", { headers: [["Bad Name", "v"]] })),
    new HeaderError('net/http: invalid header field name "Bad Name"'),
  );
  assert.throws(
    () => wireHeaders(hop("http://x/", { headers: [["X-Inject", "v\r\nEvil: 1"]] })),
    new HeaderError('net/http: invalid header field value for "X-Inject"'),
  );
});
