/**
 * End-to-end: the Go SDK's http and graphql packages on Stratos, against real servers on
 * loopback (`allowPrivate`): every method, headers, bodies, statuses above 299 as
 * *http.StatusError, capability rules and switches as host errors, and GraphQL queries.
 */

import assert from "node:assert/strict";
import { startEchoServer, startGraphQLServer } from "../outbound/support/servers.ts";
import { errorBody, HAS_GO, PROBE_FQFN, PROBE_HANDLER, probeCall, withGoApp } from "./support.ts";

const OPEN = `capabilities:
  http:
    enabled: true
    rules: { allowIPs: true, allowPrivate: true, allowHTTP: true }
  graphql:
    enabled: true
    rules: { allowIPs: true, allowPrivate: true, allowHTTP: true }
handlers:
${PROBE_HANDLER}`;

const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

Deno.test({
  name: "go sdk - outbound HTTP and GraphQL",
  ignore: !HAS_GO,
  async fn(t) {
    const server = startEchoServer();
    const graphql = startGraphQLServer();
    const last = () => server.received[server.received.length - 1];
    try {
      await withGoApp({ directive: OPEN, probe: true }, async (app) => {
        const fetchVia = (request: string) => probeCall(app, "fetch", request);

        await t.step("every method arrives as itself, with its body", async () => {
          for (const method of METHODS) {
            const res = await fetchVia(`${method} ${server.url}/echo/${method}\n\npayload`);
            assert.equal(res.status, 200, res.text);
            assert.equal(last().method, method);
            assert.equal(last().path, `/echo/${method}`);
            const hasBody = ["POST", "PUT", "PATCH"].includes(method);
            assert.equal(last().body, hasBody ? "payload" : "");
            if (method === "HEAD") assert.equal(res.text, "");
            else assert.equal(JSON.parse(res.text).method, method);
          }
        });

        await t.step("headers, and the default content type of a body", async () => {
          await fetchVia(
            `POST ${server.url}/echo?q=1\nX-Api-Key: k1\nAccept: application/json\n\n{}`,
          );
          assert.equal(last().path, "/echo?q=1");
          assert.equal(last().headers["x-api-key"], "k1");
          assert.equal(last().headers["accept"], "application/json");
          assert.equal(last().headers["content-type"], "application/octet-stream");
          await fetchVia(`PUT ${server.url}/echo\nContent-Type: text/plain\n\ntext`);
          assert.equal(last().headers["content-type"], "text/plain");
        });

        await t.step(
          "a status above 299 is an *http.StatusError with the host's text",
          async () => {
            const res = await fetchVia(`GET ${server.url}/status/404`);
            assert.equal(res.status, 404);
            assert.equal(
              errorBody(res.text).message,
              'status 404, body "failed; you sent no auth", text "404: failed; you sent no auth"',
            );
            assert.equal((await fetchVia(`DELETE ${server.url}/status/503`)).status, 503);
            assert.equal((await fetchVia(`GET ${server.url}/status/204`)).status, 200);
          },
        );

        await t.step("a header value with ':' is refused before the host is called", async () => {
          const before = server.received.length;
          const res = await fetchVia(`GET ${server.url}/echo\nX-Url: http://elsewhere`);
          assert.equal(res.status, 502);
          assert.equal(
            errorBody(res.text).message,
            "invalid HTTP method or malformed header: header \"X-Url\" (names and values cannot contain ':')",
          );
          assert.equal(server.received.length, before);
        });

        await t.step("an unknown method is the host's -2", async () => {
          const res = await fetchVia(`9 ${server.url}/echo`);
          assert.equal(res.status, 502);
          assert.equal(errorBody(res.text).message, "invalid HTTP method or malformed header");
        });

        await t.step("network failures keep the host's text", async () => {
          const closed = startEchoServer();
          await closed.close();
          const res = await fetchVia(`GET ${closed.url}/echo`);
          assert.equal(res.status, 502);
          assert.match(errorBody(res.text).message, /ECONNREFUSED/);
        });

        await t.step("invocations waiting on the network run on their own instances", async () => {
          const answers = await Promise.all(
            Array.from({ length: 24 }, (_, i) => fetchVia(`GET ${server.url}/echo/${i}`)),
          );
          assert.deepEqual(
            answers.map((a) => JSON.parse(a.text).path),
            answers.map((_, i) => `/echo/${i}`),
          );
          const stats = JSON.parse((await app.request("/meta/metrics")).text).modules[PROBE_FQFN];
          assert.ok(stats.instances > 1, `instances ${stats.instances}`);
        });

        await t.step("GraphQL queries answer the response JSON", async () => {
          const res = await probeCall(
            app,
            "graphql",
            `${graphql.url}/graphql\n{ hello(name: "go") user(id: "7") { name } }`,
          );
          assert.equal(res.status, 200);
          assert.deepEqual(JSON.parse(res.text), {
            data: { hello: "hello go", user: { name: "user 7" } },
          });
          const failed = await probeCall(app, "graphql", `${graphql.url}/graphql\n{ fail }`);
          assert.equal(failed.status, 502);
          assert.match(errorBody(failed.text).message, /^graphQL error; path: .*fail/);
          const status = await probeCall(app, "graphql", `${graphql.url}/status/500\n{ hello }`);
          assert.match(errorBody(status.text).message, /^non-200 HTTP response code; /);
        });
      });

      await t.step("capability rules and switches are host errors", async () => {
        const closed =
          `capabilities:\n  http:\n    enabled: true\n  graphql:\n    enabled: false\nhandlers:\n${PROBE_HANDLER}`;
        await withGoApp({ directive: closed, probe: true }, async (app) => {
          const res = await probeCall(app, "fetch", `GET ${server.url}/echo`);
          assert.equal(res.status, 502);
          assert.equal(
            errorBody(res.text).message,
            "failed to requestIsAllowed: requests to insecure HTTP endpoints is disallowed",
          );
          const gql = await probeCall(app, "graphql", `${graphql.url}/graphql\n{ hello }`);
          assert.equal(errorBody(gql.text).message, "capability is not enabled");
        });
      });
    } finally {
      await server.close();
      await graphql.close();
    }
  },
});
