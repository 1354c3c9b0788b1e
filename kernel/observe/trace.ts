/**
 * The recording of one unit of work (an HTTP request, a stream message, a schedule run) while
 * something listens (tracing is on or the console is open): a tree of timed spans (the request,
 * its steps, their host calls) with their attributes and errors, and the log lines written for it.
 * An exporter (OpenTelemetry) may mirror each span as it opens and closes, so that its ids are
 * the ones passed on to outbound calls; without one, the ids are made here. When nothing listens,
 * no trace exists and every place that would record checks one field.
 *
 * @module
 */

import { type LogFields, type Logger, loggerFrom, type LogLevel } from "../log.ts";
import {
  formatTraceparent,
  parseTraceparent,
  randomSpanId,
  randomTraceId,
  type SpanContext,
} from "./traceparent.ts";

/** Attribute values of a span. */
export type Attributes = Record<string, string | number | boolean>;

/** What a span stands for, as OpenTelemetry's span kinds say it. */
export type SpanRole = "server" | "consumer" | "internal" | "client";

/** A span as an exporter holds it. */
export interface ExportedSpan {
  /** Its ids, which outbound calls pass on. */
  readonly context: SpanContext;
  /** Ends it, adding `attributes` (those set at its end); `error` marks it failed. */
  end(attributes: Attributes, error: string | undefined): void;
  /**
   * Runs `fn` with this span as the exporter's current one, so what the platform instruments
   * itself under it (Deno's spans of outbound HTTP) becomes its child.
   */
  within<T>(fn: () => T): T;
}

/** Mirrors spans somewhere else as they open (OpenTelemetry). */
export interface SpanExporter {
  /**
   * Opens a span. `parent` is the exported parent span, or the remote parent named by an
   * incoming `traceparent`; a root span of a `server` role with no remote parent may join the
   * span the platform opened for the HTTP request.
   */
  open(
    name: string,
    role: SpanRole,
    parent: ExportedSpan | SpanContext | undefined,
    attributes: Attributes,
  ): ExportedSpan;
}

/** A span of a finished trace, as listeners get it (plain data). */
export interface SpanRecord {
  /** What it is called (`POST /hello`, the fn, the host function). */
  name: string;
  /** Its span id. */
  spanId: string;
  /** When it started, in ms after its trace started. */
  offsetMs: number;
  /** How long it took, in ms; -1 if it never ended (a trace cut short). */
  durationMs: number;
  /** Its attributes. */
  attributes: Attributes;
  /** Why it failed, if it did. */
  error?: string;
  /** Its child spans, in the order they started. */
  children: SpanRecord[];
}

/** A log line written for a traced unit of work. */
export interface TraceLogLine {
  /** When (ISO 8601). */
  time: string;
  /** Level. */
  level: Exclude<LogLevel, "off">;
  /** The message. */
  msg: string;
  /** The line's own fields and scope, as JSON would show them. */
  fields: LogFields;
}

/** A finished trace, as listeners get it (plain data, so it crosses the isolate link). */
export interface TraceRecord {
  /** `http`, `stream` or `schedule`. */
  kind: string;
  /** The root span's name. */
  name: string;
  /** The request id. */
  requestId: string;
  /** The trace id. */
  traceId: string;
  /** The status it ended with (HTTP status, or the status a failed step gave). */
  status: number;
  /** When it started (ms since the epoch). */
  startedAt: number;
  /** The root span and everything under it. */
  root: SpanRecord;
  /** Log lines written for it (the first {@link MAX_TRACE_LOGS}). */
  logs: TraceLogLine[];
  /** Spans past {@link MAX_TRACE_SPANS}, not recorded. */
  droppedSpans: number;
  /** Log lines past {@link MAX_TRACE_LOGS}, not recorded. */
  droppedLogs: number;
}

/** Most spans one trace records; a guest calling a host function in a loop is not a leak. */
export const MAX_TRACE_SPANS = 256;
/** Most log lines one trace records. */
export const MAX_TRACE_LOGS = 100;

/** Milliseconds since the epoch, with the precision of `performance.now()`. */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** One timed part of a traced unit of work. */
export class TraceSpan {
  /** Its ids (the exporter's, when there is one). */
  readonly context: SpanContext;
  /** Its attributes; more may be set until it ends. */
  readonly attributes: Attributes;
  /** When it started (ms since the epoch). */
  readonly start: number = epochMs();
  #end: number | undefined;
  #error: string | undefined;
  readonly #children: TraceSpan[] = [];
  readonly #exported: ExportedSpan | undefined;

  /**
   * @param trace the trace it belongs to
   * @param name what it is called
   * @param role what it stands for
   * @param parent the span it is part of, or the remote parent of a root span
   * @param attributes its first attributes
   */
  constructor(
    readonly trace: RequestTrace,
    readonly name: string,
    role: SpanRole,
    parent: TraceSpan | SpanContext | undefined,
    attributes: Attributes,
  ) {
    this.attributes = attributes;
    const exporter = trace.exporter;
    if (exporter) {
      const above = parent instanceof TraceSpan ? parent.#exported : parent;
      this.#exported = exporter.open(name, role, above, attributes);
      this.context = this.#exported.context;
    } else {
      const traceId = parent instanceof TraceSpan ? parent.context.traceId : parent?.traceId;
      this.context = { traceId: traceId ?? randomTraceId(), spanId: randomSpanId(), flags: 1 };
    }
  }

  /** The `traceparent` header that makes this span the parent of an outbound call. */
  get traceparent(): string {
    return formatTraceparent(this.context);
  }

  /**
   * Runs `fn` with this span as the exporter's current span (see {@link ExportedSpan.within});
   * without an exporter, just runs it.
   */
  within<T>(fn: () => T): T {
    return this.#exported ? this.#exported.within(fn) : fn();
  }

  /** Whether it has ended. */
  get ended(): boolean {
    return this.#end !== undefined;
  }

  /**
   * Opens a child span (a step, a host call). Past {@link MAX_TRACE_SPANS} in the trace, the
   * child is timed but neither recorded nor exported.
   */
  child(name: string, role: SpanRole, attributes: Attributes = {}): TraceSpan {
    const trace = this.trace;
    if (trace.spans >= MAX_TRACE_SPANS) {
      trace.droppedSpans++;
      return new TraceSpan(DROPPED, name, role, this.context, attributes);
    }
    trace.spans++;
    const span = new TraceSpan(trace, name, role, this, attributes);
    this.#children.push(span);
    return span;
  }

  /** Ends it (once), with `attributes` added; `error` marks it failed. */
  end(attributes?: Attributes, error?: string): void {
    if (this.#end !== undefined) return;
    this.#end = epochMs();
    if (attributes) Object.assign(this.attributes, attributes);
    this.#error = error;
    this.#exported?.end(attributes ?? {}, error);
  }

  /** Its plain-data form; `origin` is when its trace started. */
  record(origin: number): SpanRecord {
    const out: SpanRecord = {
      name: this.name,
      spanId: this.context.spanId,
      offsetMs: this.start - origin,
      durationMs: this.#end === undefined ? -1 : this.#end - this.start,
      attributes: { ...this.attributes },
      children: this.#children.map((c) => c.record(origin)),
    };
    if (this.#error !== undefined) out.error = this.#error;
    return out;
  }
}

/** What a unit of work is, when its trace begins. */
export interface TraceStart {
  /** `http`, `stream` or `schedule`. */
  kind: string;
  /** The root span's name (`POST /hello`, the topic, the schedule). */
  name: string;
  /** What the root span stands for. */
  role: SpanRole;
  /** The request id. */
  requestId: string;
  /** The incoming `traceparent` header, if any. */
  traceparent?: string | null;
  /** The root span's attributes. */
  attributes: Attributes;
}

/** The trace of one unit of work: its root span, the log lines written for it. */
export class RequestTrace {
  /** The span of the whole unit of work. */
  readonly root: TraceSpan;
  /** Spans recorded (the root included). */
  spans = 1;
  /** Spans not recorded (past {@link MAX_TRACE_SPANS}). */
  droppedSpans = 0;
  readonly #logs: TraceLogLine[] = [];
  #droppedLogs = 0;

  /**
   * @param start what the unit of work is
   * @param exporter where spans are mirrored, if anywhere
   */
  constructor(readonly start: TraceStart, readonly exporter?: SpanExporter) {
    const remote = parseTraceparent(start.traceparent);
    this.root = new TraceSpan(this, start.name, start.role, remote, start.attributes);
  }

  /** The trace id. */
  get traceId(): string {
    return this.root.context.traceId;
  }

  /** Keeps a log line written for this unit of work (the first {@link MAX_TRACE_LOGS}). */
  log(level: Exclude<LogLevel, "off">, msg: string, fields: LogFields): void {
    if (this.#logs.length >= MAX_TRACE_LOGS) {
      this.#droppedLogs++;
      return;
    }
    let plain: LogFields;
    try {
      plain = JSON.parse(JSON.stringify(fields, (_k, v) => v instanceof Error ? v.message : v));
    } catch {
      plain = {};
    }
    this.#logs.push({ time: new Date().toISOString(), level, msg, fields: plain });
  }

  /** Ends the root span with `status` and returns the finished trace as plain data. */
  finish(status: number, attributes: Attributes, error?: string): TraceRecord {
    this.root.end(attributes, error);
    return {
      kind: this.start.kind,
      name: this.start.name,
      requestId: this.start.requestId,
      traceId: this.traceId,
      status,
      startedAt: this.root.start,
      root: this.root.record(this.root.start),
      logs: this.#logs,
      droppedSpans: this.droppedSpans,
      droppedLogs: this.#droppedLogs,
    };
  }
}

/** The trace of spans past the limit: records nothing, exports nothing. */
const DROPPED = new RequestTrace({
  kind: "dropped",
  name: "dropped",
  role: "internal",
  requestId: "",
  attributes: {},
});

/**
 * `base`, also keeping every line it writes in `trace` (the console shows them with the
 * request); children keep doing so.
 */
export function tracedLogger(base: Logger, trace: RequestTrace, scope: LogFields = {}): Logger {
  return loggerFrom(
    base.level,
    (level) => base.enabled(level),
    (level, msg, fields) => {
      base[level](msg, fields);
      if (base.enabled(level)) trace.log(level, msg, { ...scope, ...fields });
    },
    (extra) => tracedLogger(base.child(extra), trace, { ...scope, ...extra }),
  );
}
