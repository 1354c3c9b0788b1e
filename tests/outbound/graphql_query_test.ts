/**
 * End-to-end: `graphql_query` from a Runnable (the WAT proxy) to a GraphQL server on loopback
 * (npm `graphql` executing a small schema): the request Atmo sends, data, GraphQL errors, HTTP
 * errors, and the capability switch.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { proxyApp, viaProxy } from "./support/proxy_app.ts";
import { startGraphQLServer } from "./support/servers.ts";

const OPEN_GRAPHQL = `capabilities:
  graphql:
    enabled: true
    rules: { allowIPs: true, allowPrivate: true, allowHTTP: true }
`;

Deno.test("graphql_query - end to end", async (t) => {
  const server = startGraphQLServer();
  const app = await startApp(await proxyApp(OPEN_GRAPHQL));
  const endpoint = `${server.url}/graphql`;
  const query = (q: string, url = endpoint) => viaProxy(app.url, { url, query: q });
  try {
    await t.step('POSTs {"query"} as JSON and answers {"data"} as Go encodes it', async () => {
      const answer = await query('{ user(id: "7") { tags name id } hello(name: "<Ada>") }');
      assert.equal(
        answer,
        'ok {"data":{"hello":"hello \\u003cAda\\u003e","user":{"id":"7","name":"user 7","tags":["b","a"]}}}',
      );
      const sent = server.received[0];
      assert.equal(sent.method, "POST");
      assert.equal(sent.headers["content-type"], "application/json");
      assert.equal(
        sent.body,
        '{"query":"{ user(id: \\"7\\") { tags name id } hello(name: \\"\\u003cAda\\u003e\\") }"}',
      );
    });

    await t.step("a GraphQL error is 'graphQL error; path: ..., message: ...'", async () => {
      assert.equal(
        await query("{ hello fail }"),
        "err graphQL error; path: fail, message: failed for no auth",
      );
      assert.match(
        await query("{ nope }"),
        /^err graphQL error; path: , message: Cannot query field "nope" on type "Query"\.$/,
      );
    });

    await t.step("a status above 299 is 'non-200 HTTP response code; <body>'", async () => {
      assert.equal(
        await query("{ hello }", `${server.url}/status/500`),
        "err non-200 HTTP response code; upstream says no; you sent no auth",
      );
    });

    await t.step("endpoints that cannot be used", async () => {
      assert.equal(
        await query("{ hello }", "::nonsense"),
        'err failed to Parse endpoint: parse "::nonsense": invalid URL',
      );
      assert.match(await query("{ hello }", "http://127.0.0.1:1/graphql"), /^err Post "http:/);
    });
  } finally {
    await app.stop();
    await server.close();
  }
});

Deno.test("graphql_query - capabilities.graphql.enabled: false", async () => {
  const server = startGraphQLServer();
  const app = await startApp(await proxyApp("capabilities:\n  graphql:\n    enabled: false\n"));
  try {
    const answer = await viaProxy(app.url, { url: `${server.url}/graphql`, query: "{ hello }" });
    assert.equal(answer, "err capability is not enabled");
    assert.equal(server.received.length, 0);
  } finally {
    await app.stop();
    await server.close();
  }
});
