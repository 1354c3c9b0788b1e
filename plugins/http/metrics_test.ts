import assert from "node:assert/strict";
import { emptyHistogram, type ModuleStats, observe } from "../../plugin.ts";
import { CONNECTIONS_REFUSED, metricsText } from "./metrics.ts";

const timed = emptyHistogram();
observe(timed, 3);

const module = (over: Partial<ModuleStats> = {}): ModuleStats => ({
  invocations: 5,
  failures: 1,
  restarts: 0,
  errors: 2,
  refusals: 1,
  duration: timed,
  instances: 2,
  busy: 1,
  waiting: 3,
  max: 32,
  ...over,
});

Deno.test("metricsText - handlers by status, streams and schedules by outcome, modules, connections", () => {
  const text = metricsText(
    {
      works: [
        {
          kind: "http",
          labels: { method: "POST", handler: "/hello" },
          statuses: [[200, 7], [503, 2]],
          durations: timed,
        },
        {
          kind: "http",
          labels: { method: "GET", handler: "/idle" },
          statuses: [],
          durations: emptyHistogram(),
        },
        {
          kind: "stream",
          labels: { source: "nats", handler: "orders" },
          statuses: [[200, 4], [404, 1], [500, 1]],
          durations: emptyHistogram(),
        },
        {
          kind: "schedule",
          labels: { schedule: "tick" },
          statuses: [[200, 3]],
          durations: emptyHistogram(),
        },
      ],
      counters: [{ name: CONNECTIONS_REFUSED, labels: {}, value: 4 }],
    },
    new Map([["x#hello", module()], ["x#idle", module({ duration: emptyHistogram() })]]),
    {
      nats: { healthy: true, state: "up", since: "", address: "" } as never,
      database: { healthy: false, state: "down", since: "", address: "" } as never,
      plain: { healthy: true },
    },
  );
  const lines = text.split("\n");
  const has = (line: string) => assert.ok(lines.includes(line), `missing: ${line}\n${text}`);
  has('stratos_http_requests_total{method="POST",handler="/hello",status="200"} 7');
  has('stratos_http_requests_total{method="POST",handler="/hello",status="503"} 2');
  has('stratos_http_request_duration_seconds_count{method="POST",handler="/hello"} 1');
  assert.ok(!text.includes('handler="/idle"'), "a handler with no run has no series");
  has('stratos_stream_messages_total{source="nats",handler="orders"} 6');
  has('stratos_stream_messages_failed_total{source="nats",handler="orders"} 2');
  has('stratos_schedule_runs_total{schedule="tick"} 3');
  has('stratos_schedule_runs_failed_total{schedule="tick"} 0');
  has('stratos_runnable_invocations_total{module="x#hello"} 5');
  has('stratos_runnable_errors_total{module="x#hello"} 2');
  has('stratos_backpressure_refusals_total{module="x#hello"} 1');
  has('stratos_runnable_queue_depth{module="x#hello"} 3');
  has('stratos_runnable_duration_seconds_count{module="x#hello"} 1');
  assert.ok(!text.includes('stratos_runnable_duration_seconds_count{module="x#idle"}'));
  has(`${CONNECTIONS_REFUSED} 4`);
  has('stratos_connection_up{connection="nats",state="up"} 1');
  has('stratos_connection_up{connection="database",state="down"} 0');
  assert.ok(!text.includes('connection="plain"'), "a check with no connection state is left out");
  assert.equal(lines.filter((l) => l === "# TYPE stratos_http_requests_total counter").length, 1);
});
