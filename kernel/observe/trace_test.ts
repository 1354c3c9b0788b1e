import assert from "node:assert/strict";
import { createLogger } from "../log.ts";
import {
  type Attributes,
  type ExportedSpan,
  MAX_TRACE_LOGS,
  MAX_TRACE_SPANS,
  RequestTrace,
  type SpanExporter,
  type SpanRole,
  tracedLogger,
} from "./trace.ts";
import type { SpanContext } from "./traceparent.ts";

const REMOTE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

const start = (traceparent?: string) => ({
  kind: "http",
  name: "POST /hello",
  role: "server" as const,
  requestId: "r-1",
  traceparent,
  attributes: { "http.route": "/hello" },
});

Deno.test("RequestTrace - spans form a tree with timings, attributes and errors", () => {
  const trace = new RequestTrace(start());
  const step = trace.root.child("hello", "internal", { "stratos.fqfn": "x#hello" });
  const call = step.child("cache_get", "client");
  call.end({ "stratos.cache.hit": false });
  step.end({ "stratos.outcome": "error" }, "boom");
  const record = trace.finish(500, { "http.response.status_code": 500 }, "boom");
  assert.equal(record.status, 500);
  assert.equal(record.requestId, "r-1");
  assert.match(record.traceId, /^[0-9a-f]{32}$/);
  assert.equal(record.root.name, "POST /hello");
  assert.equal(record.root.attributes["http.response.status_code"], 500);
  const [hello] = record.root.children;
  assert.equal(hello.name, "hello");
  assert.equal(hello.error, "boom");
  assert.equal(hello.attributes["stratos.fqfn"], "x#hello");
  assert.equal(hello.children[0].attributes["stratos.cache.hit"], false);
  assert.ok(hello.offsetMs >= 0 && hello.durationMs >= 0);
  assert.ok(record.root.durationMs >= hello.durationMs);
  // Every span is in the same trace, and a child's traceparent names the child.
  assert.equal(call.context.traceId, trace.traceId);
  assert.equal(call.traceparent, `00-${trace.traceId}-${call.context.spanId}-01`);
});

Deno.test("RequestTrace - an incoming traceparent keeps its trace id", () => {
  const trace = new RequestTrace(start(REMOTE));
  assert.equal(trace.traceId, "0af7651916cd43dd8448eb211c80319c");
  assert.notEqual(trace.root.context.spanId, "b7ad6b7169203331");
  assert.equal(new RequestTrace(start("not a traceparent")).traceId.length, 32);
});

Deno.test("RequestTrace - a guest calling in a loop records a bounded number of spans", () => {
  const trace = new RequestTrace(start());
  for (let i = 0; i < MAX_TRACE_SPANS * 4; i++) trace.root.child("cache_get", "client").end();
  const record = trace.finish(200, {});
  assert.equal(record.root.children.length, MAX_TRACE_SPANS - 1);
  assert.equal(record.droppedSpans, MAX_TRACE_SPANS * 3 + 1);
});

Deno.test("tracedLogger - lines go to the logger and to the trace, bounded, with their scope", () => {
  const lines: string[] = [];
  const base = createLogger({ level: "info", sink: (line) => lines.push(line) });
  const trace = new RequestTrace(start());
  const log = tracedLogger(base, trace).child({ module: "m" });
  log.debug("not written");
  log.info("hi", { error: new Error("why") });
  for (let i = 0; i < MAX_TRACE_LOGS + 5; i++) log.warn(`line ${i}`);
  const record = trace.finish(200, {});
  assert.equal(lines.length, 1 + MAX_TRACE_LOGS + 5);
  assert.equal(record.logs.length, MAX_TRACE_LOGS);
  assert.equal(record.droppedLogs, 6);
  assert.deepEqual(record.logs[0].fields, { module: "m", error: "why" });
  assert.equal(record.logs[0].msg, "hi");
  assert.equal(record.logs[0].level, "info");
});

Deno.test("RequestTrace - an exporter sees each span open under its parent and end once", () => {
  const events: string[] = [];
  let next = 0;
  const exporter: SpanExporter = {
    open(name: string, role: SpanRole, parent: ExportedSpan | SpanContext | undefined) {
      const spanId = (++next).toString(16).padStart(16, "0");
      const above = parent === undefined
        ? "none"
        : "context" in parent
        ? parent.context.spanId
        : `remote ${parent.spanId}`;
      events.push(`open ${name} ${role} under ${above}`);
      return {
        context: { traceId: "1".repeat(32), spanId, flags: 1 },
        end(attributes: Attributes, error: string | undefined) {
          events.push(`end ${name} ${JSON.stringify(attributes)} ${error ?? "ok"}`);
        },
        within: <T>(fn: () => T) => {
          events.push(`within ${name}`);
          return fn();
        },
      };
    },
  };
  const trace = new RequestTrace(start(REMOTE), exporter);
  const step = trace.root.child("hello", "internal");
  step.end({ "stratos.outcome": "ok" });
  step.end({ again: true });
  trace.finish(200, { "http.response.status_code": 200 });
  assert.equal(trace.traceId, "1".repeat(32), "the exporter's ids are the trace's");
  assert.deepEqual(events, [
    "open POST /hello server under remote b7ad6b7169203331",
    "open hello internal under 0000000000000001",
    'end hello {"stratos.outcome":"ok"} ok',
    'end POST /hello {"http.response.status_code":200} ok',
  ]);
});
