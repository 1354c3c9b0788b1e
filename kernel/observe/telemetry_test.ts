import assert from "node:assert/strict";
import { CoordinatedRequest } from "../request/request.ts";
import { failure, success } from "../request/outcome.ts";
import { mergeTelemetry, Telemetry } from "./telemetry.ts";
import type { TraceRecord } from "./trace.ts";

const request = (headers?: Map<string, string>) =>
  new CoordinatedRequest({ method: "POST", url: "/hello", headers });

Deno.test("Work - counts runs by status; times them only once durations were read", () => {
  const telemetry = new Telemetry();
  const work = telemetry.work("http", "POST /hello", { method: "POST", handler: "/hello" });
  assert.equal(work.start(), 0, "nothing is timed before a read");
  const untraced = request();
  work.trace(untraced);
  assert.equal(untraced.trace, undefined, "nothing listens: no trace");
  work.end(untraced, 0, 200);
  work.end(undefined, 0, 413);
  const first = telemetry.snapshot();
  assert.deepEqual(first.works[0].statuses, [[200, 1], [413, 1]]);
  assert.equal(first.works[0].durations.count, 0);
  const started = work.start();
  assert.ok(started > 0, "timed from the first read on");
  work.end(request(), started, 200);
  const second = telemetry.snapshot().works[0];
  assert.deepEqual(second.statuses, [[200, 2], [413, 1]]);
  assert.equal(second.durations.count, 1);
  assert.equal(
    telemetry.work("http", "ignored", { method: "POST", handler: "/hello" }),
    work,
    "the same labels are the same work (counts go on across reloads)",
  );
});

Deno.test("Telemetry - a listener turns tracing on and gets each finished trace", () => {
  const telemetry = new Telemetry();
  const work = telemetry.work("stream", "nats orders", { source: "nats", handler: "orders" });
  const got: TraceRecord[] = [];
  const unlisten = telemetry.listen((trace) => got.push(trace));
  assert.equal(telemetry.traced, true);
  const traced = request(
    new Map([["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]]),
  );
  work.trace(traced, traced.headers);
  assert.ok(traced.trace);
  assert.deepEqual(traced.logFields(), {
    request_id: traced.id,
    trace_id: "0af7651916cd43dd8448eb211c80319c",
  });
  work.end(traced, work.start(), 502, "upstream failed");
  assert.equal(got.length, 1);
  assert.equal(got[0].name, "nats orders");
  assert.equal(got[0].status, 502);
  assert.equal(got[0].root.error, "upstream failed");
  assert.equal(got[0].root.attributes["stratos.outcome"], "error");
  unlisten();
  assert.equal(telemetry.traced, false);
});

Deno.test("Telemetry - a listener that throws does not fail the run or the other listeners", () => {
  const telemetry = new Telemetry();
  const seen: string[] = [];
  telemetry.listen(() => {
    throw new Error("listener bug");
  });
  telemetry.listen((trace) => seen.push(trace.name));
  const work = telemetry.work("schedule", "schedule tick", { schedule: "tick" });
  const r = request();
  work.trace(r);
  work.end(r, 0, 200);
  assert.deepEqual(seen, ["schedule tick"]);
});

Deno.test("Work.run - counts the outcome's status, and 500 when the steps throw", async () => {
  const telemetry = new Telemetry();
  const work = telemetry.work("schedule", "schedule tick", { schedule: "tick" });
  assert.equal((await work.run(request(), undefined, () => success(new Uint8Array()))).status, 200);
  await work.run(request(), undefined, () => Promise.resolve(failure(404, "gone")));
  await assert.rejects(
    work.run(request(), undefined, () => {
      throw new Error("bug");
    }),
    /bug/,
  );
  assert.deepEqual(telemetry.snapshot().works[0].statuses, [[200, 1], [404, 1], [500, 1]]);
});

Deno.test("mergeTelemetry - adds up works and counters of several isolates", () => {
  const isolates = [new Telemetry(), new Telemetry()];
  for (const [i, telemetry] of isolates.entries()) {
    telemetry.snapshot(); // time from now on
    const work = telemetry.work("http", "GET /a", { method: "GET", handler: "/a" });
    for (let n = 0; n <= i; n++) work.end(request(), work.start(), 200);
    work.end(request(), work.start(), 503);
    telemetry.counter("refused").inc();
  }
  const only = new Telemetry();
  only.work("http", "GET /b", { method: "GET", handler: "/b" }).end(request(), 0, 200);
  const merged = mergeTelemetry([...isolates.map((t) => t.snapshot()), only.snapshot()]);
  assert.equal(merged.works.length, 2);
  const a = merged.works.find((w) => w.labels.handler === "/a")!;
  assert.deepEqual(new Map(a.statuses), new Map([[200, 3], [503, 2]]));
  assert.equal(a.durations.count, 5);
  assert.deepEqual(merged.counters, [{ name: "refused", labels: {}, value: 2 }]);
});
