/**
 * What the runtime records of the work it does, one mechanism for metrics, traces and the
 * console. Each handler (an HTTP route, a stream handler, a schedule) has a {@link Work}: every
 * run of it is counted by status, always (an increment); it is timed only once something wants
 * durations (`GET /metrics` was read, tracing is on, the console is open); and it is traced, with
 * its steps and host calls, only while a listener or an exporter is there. So when nothing
 * listens a run costs a counter update, and recording a trace costs one field check on the way.
 *
 * @module
 */

import type { SequenceOutcome } from "../request/outcome.ts";
import type { CoordinatedRequest } from "../request/request.ts";
import { addHistogram, emptyHistogram, type HistogramData, observe } from "./histogram.ts";
import {
  type Attributes,
  RequestTrace,
  type SpanExporter,
  type SpanRole,
  type TraceRecord,
} from "./trace.ts";
import { TRACEPARENT_HEADER } from "./traceparent.ts";

/** What a handler serves: HTTP requests, stream messages or schedule runs. */
export type WorkKind = "http" | "stream" | "schedule";

/** Gets a finished trace. */
export type TraceListener = (trace: TraceRecord) => void;

/** Headers a trace context may come in (HTTP headers, message headers). */
export interface HeaderSource {
  /** The value of header `name` (lower-case). */
  get(name: string): string | null | undefined;
}

/** What a handler counted, as plain data. */
export interface WorkSnapshot {
  /** What it serves. */
  kind: WorkKind;
  /** Its labels (handler, method, source, schedule). */
  labels: Record<string, string>;
  /** Runs per status, as `[status, count]`. */
  statuses: [number, number][];
  /** Durations of the runs timed. */
  durations: HistogramData;
}

/** A named count, as plain data. */
export interface CounterSnapshot {
  /** Its name. */
  name: string;
  /** Its labels. */
  labels: Record<string, string>;
  /** Its value. */
  value: number;
}

/** Everything counted, as plain data (it crosses the isolate link and adds up). */
export interface TelemetrySnapshot {
  /** Per handler. */
  works: WorkSnapshot[];
  /** Other counts (connections refused, ...). */
  counters: CounterSnapshot[];
}

const ROLES: Record<WorkKind, SpanRole> = {
  http: "server",
  stream: "consumer",
  schedule: "internal",
};

/** One handler's runs: counted, timed and traced as {@link Telemetry} says. */
export class Work {
  readonly #statuses = new Map<number, number>();
  readonly #durations = emptyHistogram();

  /**
   * @param telemetry the hub it reports to
   * @param kind what it serves
   * @param name the name of its traces' root span (`POST /hello`, the topic, the schedule)
   * @param labels its labels in metrics
   * @param attributes its traces' root span attributes
   */
  constructor(
    readonly telemetry: Telemetry,
    readonly kind: WorkKind,
    readonly name: string,
    readonly labels: Readonly<Record<string, string>>,
    readonly attributes: Readonly<Attributes>,
  ) {}

  /** When a run starts (`now`, or `performance.now()`), or 0 when nothing is timed. */
  start(now?: number): number {
    return this.telemetry.timing ? now ?? performance.now() : 0;
  }

  /**
   * Starts the trace of `request`'s run while something listens: its trace context comes from
   * the `traceparent` of `headers`.
   */
  trace(request: CoordinatedRequest, headers?: HeaderSource): void {
    const exporter = this.telemetry.exporter;
    if (!this.telemetry.traced) return;
    request.trace = new RequestTrace({
      kind: this.kind,
      name: this.name,
      role: ROLES[this.kind],
      requestId: request.id,
      traceparent: headers?.get(TRACEPARENT_HEADER),
      attributes: { ...this.attributes, "stratos.request_id": request.id },
    }, exporter);
  }

  /**
   * Counts a run that ended with `status`, times it if it was timed (`started` from
   * {@link start}), and ends its trace, if any, giving it to the listeners.
   */
  end(request: CoordinatedRequest | undefined, started: number, status: number, error?: string) {
    this.#statuses.set(status, (this.#statuses.get(status) ?? 0) + 1);
    if (started !== 0) observe(this.#durations, performance.now() - started);
    const trace = request?.trace;
    if (trace === undefined || trace.root.ended) return;
    const outcome = error === undefined ? "ok" : "error";
    const attributes: Attributes = { "stratos.outcome": outcome };
    if (this.kind === "http") attributes["http.response.status_code"] = status;
    else attributes["stratos.status"] = status;
    this.telemetry.finished(trace.finish(status, attributes, error));
  }

  /**
   * One whole run: starts it ({@link start}, {@link trace}), runs `steps`, ends it with the
   * outcome's status ({@link end}; 500 if `steps` threw, which is passed on).
   */
  async run(
    request: CoordinatedRequest,
    headers: HeaderSource | undefined,
    steps: () => SequenceOutcome | Promise<SequenceOutcome>,
  ): Promise<SequenceOutcome> {
    const started = this.start();
    this.trace(request, headers);
    let outcome;
    try {
      outcome = await steps();
    } catch (error) {
      this.end(request, started, 500, error instanceof Error ? error.message : String(error));
      throw error;
    }
    this.end(request, started, outcome.status, outcome.error?.message);
    return outcome;
  }

  /** What it counted. */
  snapshot(): WorkSnapshot {
    return {
      kind: this.kind,
      labels: { ...this.labels },
      statuses: [...this.#statuses],
      durations: structuredClone(this.#durations),
    };
  }
}

/** A count that only grows. */
export class Counter {
  /** Its value. */
  value = 0;

  /**
   * @param name its name
   * @param labels its labels
   */
  constructor(readonly name: string, readonly labels: Readonly<Record<string, string>>) {}

  /** Adds one. */
  inc(): void {
    this.value++;
  }
}

/** The recording hub of one isolate: handlers' counters, listeners, the span exporter. */
export class Telemetry {
  readonly #works = new Map<string, Work>();
  readonly #counters = new Map<string, Counter>();
  readonly #listeners = new Set<TraceListener>();
  #read = false;

  /** @param exporter where spans are exported (OpenTelemetry), if tracing is on */
  constructor(readonly exporter?: SpanExporter) {}

  /** Whether runs are traced: a listener or an exporter is there. */
  get traced(): boolean {
    return this.exporter !== undefined || this.#listeners.size > 0;
  }

  /** Whether runs are timed: they are traced, or durations were asked for. */
  get timing(): boolean {
    return this.#read || this.traced;
  }

  /**
   * The {@link Work} of a handler, made on first use; the same kind and labels give the same
   * one, so counts go on across reloads.
   */
  work(
    kind: WorkKind,
    name: string,
    labels: Record<string, string>,
    attributes: Attributes = {},
  ): Work {
    const key = `${kind}\n${JSON.stringify(labels)}`;
    let work = this.#works.get(key);
    if (!work) this.#works.set(key, work = new Work(this, kind, name, labels, attributes));
    return work;
  }

  /** The counter `name` with `labels`, made on first use. */
  counter(name: string, labels: Record<string, string> = {}): Counter {
    const key = `${name}\n${JSON.stringify(labels)}`;
    let counter = this.#counters.get(key);
    if (!counter) this.#counters.set(key, counter = new Counter(name, labels));
    return counter;
  }

  /** Gives every finished trace to `listener` until the returned function is called. */
  listen(listener: TraceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hands a finished trace to the listeners; one that throws does not stop the others. */
  finished(trace: TraceRecord): void {
    for (const listener of this.#listeners) {
      try {
        listener(trace);
      } catch { /* a listener's own failure is not the request's */ }
    }
  }

  /** What this isolate counted; from now on runs are timed (someone reads durations). */
  snapshot(): TelemetrySnapshot {
    this.#read = true;
    return {
      works: [...this.#works.values()].map((w) => w.snapshot()),
      counters: [...this.#counters.values()].map((c) => ({
        name: c.name,
        labels: { ...c.labels },
        value: c.value,
      })),
    };
  }
}

/** Adds up the snapshots of several isolates, handler by handler and counter by counter. */
export function mergeTelemetry(snapshots: readonly TelemetrySnapshot[]): TelemetrySnapshot {
  const works = new Map<string, WorkSnapshot>();
  const counters = new Map<string, CounterSnapshot>();
  for (const snapshot of snapshots) {
    for (const work of snapshot.works) {
      const key = `${work.kind}\n${JSON.stringify(work.labels)}`;
      const seen = works.get(key);
      if (!seen) {
        works.set(key, structuredClone(work));
        continue;
      }
      const statuses = new Map(seen.statuses);
      for (const [status, n] of work.statuses) {
        statuses.set(status, (statuses.get(status) ?? 0) + n);
      }
      seen.statuses = [...statuses];
      addHistogram(seen.durations, work.durations);
    }
    for (const counter of snapshot.counters) {
      const key = `${counter.name}\n${JSON.stringify(counter.labels)}`;
      const seen = counters.get(key);
      if (seen) seen.value += counter.value;
      else counters.set(key, { ...counter });
    }
  }
  return { works: [...works.values()], counters: [...counters.values()] };
}
