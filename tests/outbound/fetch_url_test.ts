/**
 * End-to-end: `fetch_url` from a Runnable (the WAT proxy) to a real server on loopback, through
 * a running app: every method, the header encoding, the default content type, statuses above 299,
 * malformed input, and the capability switch.
 */

import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { proxyApp, viaProxy } from "./support/proxy_app.ts";
import { type Received, startEchoServer } from "./support/servers.ts";

const OPEN_HTTP = `capabilities:
  http:
    enabled: true
    rules: { allowIPs: true, allowPrivate: true, allowHTTP: true }
`;

const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

Deno.test("fetch_url - end to end", async (t) => {
  const server = startEchoServer();
  const app = await startApp(await proxyApp(OPEN_HTTP));
  const last = (): Received => server.received[server.received.length - 1];
  try {
    await t.step("every method arrives as itself", async () => {
      for (const [method, name] of METHODS.entries()) {
        const answer = await viaProxy(app.url, { method, url: `${server.url}/echo/${name}` });
        assert.equal(last().method, name);
        assert.equal(last().path, `/echo/${name}`);
        if (name === "HEAD") assert.equal(answer, "ok ", "HEAD has no body");
        else assert.equal(JSON.parse(answer.slice(3)).method, name);
      }
    });

    await t.step("bodies, and the default content type", async () => {
      await viaProxy(app.url, { method: 3, url: `${server.url}/echo`, body: "raw bytes" });
      assert.equal(last().body, "raw bytes");
      assert.equal(last().headers["content-type"], "application/octet-stream");
      const typed = `${server.url}/echo::Content-Type:text/plain`;
      await viaProxy(app.url, { method: 4, url: typed, body: "text" });
      assert.equal(last().headers["content-type"], "text/plain");
      await viaProxy(app.url, { method: 3, url: `${server.url}/echo` });
      assert.equal(last().headers["content-type"], undefined, "no body, no default type");
      assert.equal(last().headers["content-length"], "0");
    });

    await t.step("headers travel in the URL string", async () => {
      const url =
        `${server.url}/echo?x=1::x-api-key:k1::Accept:application/json::X-Multi:a::X-Multi:b`;
      const answer = await viaProxy(app.url, { url });
      assert.equal(last().path, "/echo?x=1");
      assert.equal(last().headers["x-api-key"], "k1");
      assert.equal(last().headers["accept"], "application/json");
      assert.equal(last().headers["x-multi"], "a, b");
      assert.equal(JSON.parse(answer.slice(3)).headers["x-api-key"], "k1");
    });

    await t.step("a status above 299 is the error '<status>: <body>'", async () => {
      assert.equal(
        await viaProxy(app.url, { url: `${server.url}/status/404` }),
        "err 404: failed; you sent no auth",
      );
      assert.equal(
        await viaProxy(app.url, { url: `${server.url}/status/503` }),
        "err 503: failed; you sent no auth",
      );
      assert.equal(await viaProxy(app.url, { url: `${server.url}/status/204` }), "ok ");
    });

    await t.step("names are resolved by the system and keep their Host", async () => {
      const answer = await viaProxy(app.url, { url: `http://localhost:${server.port}/echo` });
      assert.equal(JSON.parse(answer.slice(3)).host, `localhost:${server.port}`);
    });

    await t.step("redirects are followed", async () => {
      const to = encodeURIComponent(`${server.url}/echo/there`);
      const answer = await viaProxy(app.url, { url: `${server.url}/redirect/302?to=${to}` });
      assert.equal(JSON.parse(answer.slice(3)).path, "/echo/there");
    });

    await t.step("invalid method or malformed header: -2 and no result", async () => {
      const before = server.received.length;
      assert.equal(await viaProxy(app.url, { method: 7, url: `${server.url}/echo` }), "none -2");
      assert.equal(await viaProxy(app.url, { method: 9, url: `${server.url}/echo` }), "none -2");
      const colon = `${server.url}/echo::Authorization:bearer:abc`;
      assert.equal(await viaProxy(app.url, { url: colon }), "none -2");
      assert.equal(await viaProxy(app.url, { url: `${server.url}/echo::novalue` }), "none -2");
      assert.equal(server.received.length, before, "nothing was sent");
    });

    await t.step("requests that cannot be sent are errors, in Go's words", async () => {
      assert.equal(
        await viaProxy(app.url, { url: "not a url" }),
        'err failed to url.Parse: parse "not a url": invalid URL',
      );
      assert.equal(
        await viaProxy(app.url, { url: `${server.url}/echo::Bad Name:v` }),
        `err Get "${server.url}/echo": net/http: invalid header field name "Bad Name"`,
      );
      const refused = await viaProxy(app.url, { url: "http://127.0.0.1:1/" });
      assert.match(refused, /^err Get "http:\/\/127\.0\.0\.1:1\/": .*(refused|ECONNREFUSED)/);
    });

    await t.step("the IPv6 literal of a URL is not cut at '::'", async () => {
      const v6 = await viaProxy(app.url, { url: `http://[::1]:1/::X-A:b` });
      assert.match(v6, /^err Get "http:\/\/\[::1\]:1\/": /);
    });
  } finally {
    await app.stop();
    await server.close();
  }
});

Deno.test("fetch_url - capabilities.http.enabled: false", async () => {
  const server = startEchoServer();
  const app: TestApp = await startApp(
    await proxyApp("capabilities:\n  http:\n    enabled: false\n"),
  );
  try {
    assert.equal(
      await viaProxy(app.url, { url: `${server.url}/echo` }),
      "err capability is not enabled",
    );
    assert.equal(await viaProxy(app.url, { method: 8, url: "x" }), "none -2", "method first");
    assert.equal(server.received.length, 0);
  } finally {
    await app.stop();
    await server.close();
  }
});
