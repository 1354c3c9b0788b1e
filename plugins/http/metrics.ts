/**
 * `GET /metrics`: what the whole process counted, in Prometheus's text format. Per handler the
 * HTTP requests by status, stream messages and failures by source, schedule runs and failures,
 * each with a duration histogram; per module the Runnable invocations, failures, errors on
 * purpose, overload refusals (503 from backpressure), durations, instances and queue depth; the
 * connections refused past the connection limit; and each connection's up or down. Durations are
 * timed from the first read of this endpoint on (nothing is timed while nobody reads them).
 *
 * @module
 */

import type {
  ConnectionReport,
  HealthReport,
  ModuleStats,
  PluginContext,
  TelemetrySnapshot,
  WorkKind,
  WorkSnapshot,
} from "../../plugin.ts";
import {
  type Family,
  type HistogramSample,
  PROMETHEUS_CONTENT_TYPE,
  renderFamilies,
  type Sample,
} from "./prometheus.ts";

/** The counter of connections refused past `--max-connections` (a telemetry counter). */
export const CONNECTIONS_REFUSED = "stratos_http_connections_refused_total";

/** Help of the telemetry counters this plugin knows; others get a generic one. */
const COUNTER_HELP: Record<string, string> = {
  [CONNECTIONS_REFUSED]:
    "HTTP connections refused with a raw 503 because --max-connections were open.",
};

/** The families of one kind of handler: runs, failed runs, durations. */
const WORK_FAMILIES: Record<
  WorkKind,
  { runs: string; runsHelp: string; failed?: string; failedHelp?: string; duration: string }
> = {
  http: {
    runs: "stratos_http_requests_total",
    runsHelp: "HTTP requests answered by a handler, by status.",
    duration: "stratos_http_request_duration_seconds",
  },
  stream: {
    runs: "stratos_stream_messages_total",
    runsHelp: "Stream messages handled, by source and handler.",
    failed: "stratos_stream_messages_failed_total",
    failedHelp: "Stream messages whose steps failed, by source and handler.",
    duration: "stratos_stream_message_duration_seconds",
  },
  schedule: {
    runs: "stratos_schedule_runs_total",
    runsHelp: "Schedule runs.",
    failed: "stratos_schedule_runs_failed_total",
    failedHelp: "Schedule runs whose steps failed.",
    duration: "stratos_schedule_run_duration_seconds",
  },
};

const counter = (name: string, help: string, samples: Sample[]): Family => ({
  name,
  help,
  type: "counter",
  samples,
});

const gauge = (name: string, help: string, samples: Sample[]): Family => ({
  name,
  help,
  type: "gauge",
  samples,
});

const histogram = (name: string, help: string, samples: HistogramSample[]): Family => ({
  name,
  help,
  type: "histogram",
  samples,
});

/** Runs of `work`, all of them or only the failed ones (any status but 200). */
function runs(work: WorkSnapshot, onlyFailed: boolean): number {
  let sum = 0;
  for (const [status, n] of work.statuses) if (!onlyFailed || status !== 200) sum += n;
  return sum;
}

function workFamilies(kind: WorkKind, works: WorkSnapshot[]): Family[] {
  const names = WORK_FAMILIES[kind];
  const mine = works.filter((w) => w.kind === kind);
  const duration = histogram(
    names.duration,
    "Durations of the runs timed (from the first read of /metrics on), in seconds.",
    mine.filter((w) => w.durations.count > 0).map((w) => ({ labels: w.labels, data: w.durations })),
  );
  if (names.failed === undefined) {
    const byStatus = mine.flatMap((w) =>
      w.statuses.map(([status, n]) => ({
        labels: { ...w.labels, status: String(status) },
        value: n,
      }))
    );
    return [counter(names.runs, names.runsHelp, byStatus), duration];
  }
  const of = (onlyFailed: boolean) =>
    mine.map((w) => ({ labels: w.labels, value: runs(w, onlyFailed) }));
  return [
    counter(names.runs, names.runsHelp, of(false)),
    counter(names.failed, names.failedHelp!, of(true)),
    duration,
  ];
}

/** The per-module counters and gauges: name, type, help, value. */
const MODULE_FAMILIES: readonly [
  string,
  "counter" | "gauge",
  string,
  (s: ModuleStats) => number,
][] = [
  [
    "stratos_runnable_invocations_total",
    "counter",
    "Runnable invocations started.",
    (s) => s.invocations,
  ],
  [
    "stratos_runnable_failures_total",
    "counter",
    "Runnable invocations that trapped, misused the ABI, ran past their deadline or were refused.",
    (s) => s.failures,
  ],
  [
    "stratos_runnable_errors_total",
    "counter",
    "Runnable invocations that returned an error on purpose.",
    (s) => s.errors,
  ],
  [
    "stratos_runnable_restarts_total",
    "counter",
    "Direct Runnable calls started again under JS Promise Integration.",
    (s) => s.restarts,
  ],
  [
    "stratos_backpressure_refusals_total",
    "counter",
    "Invocations refused with 503: the module's queue was full or the memory budget spent.",
    (s) => s.refusals,
  ],
  ["stratos_runnable_instances", "gauge", "Runnable instances alive.", (s) => s.instances],
  [
    "stratos_runnable_busy_instances",
    "gauge",
    "Runnable instances serving an invocation.",
    (s) => s.busy,
  ],
  [
    "stratos_runnable_max_instances",
    "gauge",
    "Most Runnable instances alive at once.",
    (s) => s.max,
  ],
  [
    "stratos_runnable_queue_depth",
    "gauge",
    "Invocations waiting for a free instance.",
    (s) => s.waiting,
  ],
];

/** The per-module families from the Wasm runner's statistics. */
function moduleFamilies(stats: Map<string, ModuleStats>): Family[] {
  const modules = [...stats];
  const families: Family[] = MODULE_FAMILIES.map(([name, type, help, pick]) => ({
    name,
    help,
    type,
    samples: modules.map(([module, s]) => ({ labels: { module }, value: pick(s) })),
  }));
  families.push(histogram(
    "stratos_runnable_duration_seconds",
    "Durations of the Runnable invocations timed (from the first read of /metrics on), in seconds.",
    modules.filter(([, s]) => s.duration.count > 0)
      .map(([module, s]) => ({ labels: { module }, data: s.duration })),
  ));
  return families;
}

/** `stratos_connection_up` of every check that reports a connection state. */
function connectionFamily(health: Record<string, HealthReport>): Family {
  const samples = Object.entries(health)
    .filter(([, report]) => "state" in report)
    .map(([connection, report]) => ({
      labels: { connection, state: (report as ConnectionReport).state },
      value: report.healthy ? 1 : 0,
    }));
  return gauge(
    "stratos_connection_up",
    "Whether a connection is up (1) or not (0), with its state.",
    samples,
  );
}

function counterFamilies(snapshot: TelemetrySnapshot): Family[] {
  const byName = new Map<string, Sample[]>();
  for (const c of snapshot.counters) {
    const samples = byName.get(c.name) ?? [];
    samples.push({ labels: c.labels, value: c.value });
    byName.set(c.name, samples);
  }
  return [...byName].map(([name, samples]) =>
    counter(name, COUNTER_HELP[name] ?? "A count kept by a plugin.", samples)
  );
}

/** The text of every family. */
export function metricsText(
  snapshot: TelemetrySnapshot,
  stats: Map<string, ModuleStats>,
  health: Record<string, HealthReport>,
): string {
  return renderFamilies([
    ...workFamilies("http", snapshot.works),
    ...workFamilies("stream", snapshot.works),
    ...workFamilies("schedule", snapshot.works),
    ...moduleFamilies(stats),
    ...counterFamilies(snapshot),
    connectionFamily(health),
  ]);
}

/** Answers `GET /metrics` for the whole process. */
export async function prometheusResponse(ctx: PluginContext): Promise<Response> {
  const [snapshot, stats, health] = await Promise.all([
    ctx.telemetrySnapshot(),
    ctx.moduleStats(),
    ctx.health(),
  ]);
  return new Response(metricsText(snapshot, stats, health), {
    headers: { "content-type": PROMETHEUS_CONTENT_TYPE },
  });
}
