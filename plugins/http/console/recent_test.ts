import assert from "node:assert/strict";
import type { TraceRecord } from "../../../plugin.ts";
import { endedAt, mergeRecent, RecentTraces } from "./recent.ts";

function trace(name: string, startedAt: number, durationMs: number): TraceRecord {
  return {
    kind: "http",
    name,
    requestId: name,
    traceId: "t",
    status: 200,
    startedAt,
    root: { name, spanId: name, offsetMs: 0, durationMs, attributes: {}, children: [] },
    logs: [],
    droppedSpans: 0,
    droppedLogs: 0,
  };
}

Deno.test("RecentTraces - keeps the last ones, read back by when they ended", () => {
  const recent = new RecentTraces(3);
  for (let i = 0; i < 5; i++) recent.add(trace(`t${i}`, 1000 + i * 10, 5));
  assert.deepEqual(recent.since(0).map((t) => t.name), ["t2", "t3", "t4"]);
  assert.deepEqual(recent.since(endedAt(trace("x", 1030, 5))).map((t) => t.name), ["t4"]);
});

Deno.test("mergeRecent - the newest of every isolate, oldest first", () => {
  const merged = mergeRecent([[trace("a", 10, 1), trace("c", 30, 1)], [trace("b", 20, 1)]], 2);
  assert.deepEqual(merged.map((t) => t.name), ["b", "c"]);
});
