/**
 * End-to-end: OpenTelemetry traces through Deno's built-in exporter (`OTEL_DENO=true`), received
 * by a real OTLP/HTTP endpoint on loopback (`http/json`). A `POST /hello` of examples/hello is a
 * span naming the route with a child naming the Runnable; a request carrying a `traceparent`
 * keeps its trace id, which its log lines carry too; an outbound `fetch_url` and `graphql_query`
 * pass the trace on in `traceparent` and are spans with their host and status; a NATS message's
 * `traceparent` is taken, and its reply on `respondTo` carries the trace on. With two isolates,
 * so the replica's spans are exported too.
 */

import assert from "node:assert/strict";
import { headers } from "@nats-io/transport-node";
import { startOtlpReceiver } from "../support/otlp_receiver.ts";
import { helloApp } from "../support/hello_app.ts";
import { startStratos } from "../support/stratos_process.ts";
import {
  collect,
  NATS_URL,
  natsDirective,
  testClient,
  uniqueSubject,
} from "../streams/nats_support.ts";
import { startEchoServer, startGraphQLServer } from "../outbound/support/servers.ts";

const FETCH = new URL("../../examples/outbound/fetch/fetch.wasm", import.meta.url);
const HELLO_FQFN = "com.stratos.traced#default::hello@v0.1.0";
const TRACE = "0af7651916cd43dd8448eb211c80319c";
const PARENT = "b7ad6b7169203331";

async function tracedApp(subject: string): Promise<string> {
  const stream = { resource: subject, fn: "hello" as const, respondTo: `${subject}.out` };
  const directive = natsDirective(NATS_URL, [stream], "com.stratos.traced") +
    "  - { type: request, resource: /hello, method: POST, steps: [{ fn: hello }] }\n" +
    "  - { type: request, resource: /fetch, method: POST, steps: [{ fn: fetch }] }\n";
  const dir = await helloApp(directive, ["hello"]);
  await Deno.copyFile(FETCH, `${dir}/fetch.wasm`);
  return dir;
}

Deno.test("tracing - spans reach an OTLP/HTTP endpoint and trace context is kept and passed on", async (t) => {
  const receiver = startOtlpReceiver();
  const echo = startEchoServer();
  const gql = startGraphQLServer();
  const subject = uniqueSubject("traced");
  const stratos = await startStratos(await tracedApp(subject), {
    OTEL_DENO: "true",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: "stratos-tracing-test",
  }, ["--workers", "2"]);
  const nc = await testClient();
  const inTrace = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);
  try {
    await t.step(
      "POST /hello with a traceparent: spans name the route and the Runnable",
      async () => {
        const res = await fetch(`${stratos.url}/hello`, {
          method: "POST",
          body: "otel",
          headers: { traceparent: `00-${TRACE}-${PARENT}-01` },
        });
        assert.equal(await res.text(), "hello otel");
        const requestId = res.headers.get("x-request-id");
        await receiver.waitFor(
          () =>
            inTrace(TRACE).some((s) => s.name === "hello") &&
            inTrace(TRACE).some((s) => s.name === "POST /hello" && s.scope === "stratos"),
          "spans of POST /hello",
        );
        const spans = inTrace(TRACE);
        const request = spans.find((s) => s.name === "POST /hello" && s.scope === "stratos")!;
        assert.equal(request.attributes["http.route"], "/hello");
        assert.equal(request.attributes["http.response.status_code"], 200);
        assert.equal(request.attributes["stratos.request_id"], requestId);
        assert.equal(request.attributes["stratos.outcome"], "ok");
        const step = spans.find((s) => s.name === "hello")!;
        assert.equal(step.attributes["stratos.fqfn"], HELLO_FQFN);
        assert.equal(step.attributes["stratos.outcome"], "ok");
        assert.equal(step.parentSpanId, request.spanId, "the step is a child of the request");
        // The request span joins the incoming trace: its parent is the caller's span, or Deno's
        // own span of the HTTP request, which is the caller's child.
        const above = spans.find((s) => s.spanId === request.parentSpanId);
        assert.ok(
          request.parentSpanId === PARENT || above?.parentSpanId === PARENT,
          "the request span descends from the incoming traceparent",
        );
        const line = await stratos.waitForLine(new RegExp(`"request_id":"${requestId}"`));
        assert.equal(JSON.parse(line).trace_id, TRACE, "the access log line carries the trace id");
      },
    );

    await t.step("POST /hello without a traceparent starts a trace of its own", async () => {
      const res = await fetch(`${stratos.url}/hello`, { method: "POST", body: "fresh" });
      await res.body?.cancel();
      const requestId = res.headers.get("x-request-id");
      const spans = await receiver.waitFor(
        (all) => all.some((s) => s.attributes["stratos.request_id"] === requestId),
        "the span of a request without traceparent",
      );
      const request = spans.find((s) => s.attributes["stratos.request_id"] === requestId)!;
      assert.notEqual(request.traceId, TRACE);
      await receiver.waitFor(
        () => inTrace(request.traceId).some((s) => s.name === "hello"),
        "its step span",
      );
    });

    await t.step("fetch_url and graphql_query pass the trace on and are spans", async () => {
      const trace = "1af7651916cd43dd8448eb211c80319d";
      for (
        const call of [{ url: `${echo.url}/echo` }, {
          url: `${gql.url}/graphql`,
          query: "{ hello }",
        }]
      ) {
        const res = await fetch(`${stratos.url}/fetch`, {
          method: "POST",
          body: JSON.stringify(call),
          headers: { traceparent: `00-${trace}-${PARENT}-01` },
        });
        assert.equal(res.status, 200, await res.text());
      }
      for (const [server, name] of [[echo, "fetch_url"], [gql, "graphql_query"]] as const) {
        const sent = server.received.at(-1)!.headers.traceparent;
        assert.match(
          sent ?? "",
          new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`),
          `${name} traceparent`,
        );
        // The server got the span of the call, or the child Deno made of its HTTP request.
        const spanId = sent!.split("-")[2];
        const spans = await receiver.waitFor(
          (all) => {
            const got = all.find((s) => s.spanId === spanId);
            return got !== undefined && all.some((s) =>
              s.name === name && s.traceId === trace &&
              (s.spanId === spanId || s.spanId === got.parentSpanId)
            );
          },
          `the ${name} span`,
        );
        const sentBy = spans.find((s) => s.spanId === spanId)!;
        const span = sentBy.name === name
          ? sentBy
          : spans.find((s) => s.spanId === sentBy.parentSpanId)!;
        assert.equal(span.name, name);
        assert.equal(span.status, 0, "not failed");
        assert.equal(span.kind, 3, "a client span");
        assert.equal(span.attributes["server.address"], "127.0.0.1");
        assert.equal(span.attributes["http.response.status_code"], 200);
      }
    });

    await t.step("a NATS message's traceparent is taken and passed on to respondTo", async () => {
      const trace = "2af7651916cd43dd8448eb211c80319e";
      const replies = collect(nc, `${subject}.out`, 1);
      const h = headers();
      h.set("traceparent", `00-${trace}-${PARENT}-01`);
      nc.publish(subject, "nats", { headers: h });
      const [reply] = await replies;
      assert.equal(reply.string(), "hello nats");
      assert.match(reply.headers?.get("traceparent") ?? "", new RegExp(`^00-${trace}-`));
      const spans = await receiver.waitFor(
        () =>
          inTrace(trace).some((s) => s.name === "hello") &&
          inTrace(trace).some((s) => s.name === `nats ${subject}`),
        "the spans of the NATS message",
      );
      const message = spans.find((s) => s.traceId === trace && s.name === `nats ${subject}`)!;
      assert.equal(message.kind, 5, "a consumer span");
      assert.equal(message.parentSpanId, PARENT);
    });
  } finally {
    await nc.close();
    await stratos.stop();
    await Promise.all([receiver.close(), echo.close(), gql.close()]);
  }
});
