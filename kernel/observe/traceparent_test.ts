import assert from "node:assert/strict";
import { formatTraceparent, parseTraceparent, randomSpanId, randomTraceId } from "./traceparent.ts";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const SPAN = "b7ad6b7169203331";

Deno.test("parseTraceparent - reads a version-00 header and writes it back", () => {
  const header = `00-${TRACE}-${SPAN}-01`;
  const parsed = parseTraceparent(header);
  assert.deepEqual(parsed, { traceId: TRACE, spanId: SPAN, flags: 1 });
  assert.equal(formatTraceparent(parsed!), header);
  assert.deepEqual(parseTraceparent(`  00-${TRACE}-${SPAN}-00 `), {
    traceId: TRACE,
    spanId: SPAN,
    flags: 0,
  });
});

Deno.test("parseTraceparent - a later version may carry more fields", () => {
  assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-01-more`)?.traceId, TRACE);
});

Deno.test("parseTraceparent - refuses what is no trace context", () => {
  for (
    const bad of [
      null,
      "",
      "garbage",
      `ff-${TRACE}-${SPAN}-01`,
      `00-${"0".repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${"0".repeat(16)}-01`,
      `00-${TRACE}-${SPAN}-01-extra`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-1`,
      `00-${TRACE}-${SPAN}-01`.padEnd(600, "x"),
    ]
  ) {
    assert.equal(parseTraceparent(bad), undefined, String(bad));
  }
});

Deno.test("randomTraceId, randomSpanId - hex of the right length", () => {
  assert.match(randomTraceId(), /^[0-9a-f]{32}$/);
  assert.match(randomSpanId(), /^[0-9a-f]{16}$/);
  assert.notEqual(randomTraceId(), randomTraceId());
});
