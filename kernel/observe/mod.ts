/**
 * Observing the work the runtime does: counts and durations per handler (metrics), traces of
 * requests with their steps and host calls (OpenTelemetry, the console), request ids and trace
 * context.
 *
 * @module
 */

export { spanExporterFromEnv } from "./exporter.ts";
export {
  addHistogram,
  DURATION_BUCKETS,
  emptyHistogram,
  type HistogramData,
  observe,
} from "./histogram.ts";
export {
  MAX_REQUEST_ID_LENGTH,
  newRequestId,
  REQUEST_ID_HEADER,
  requestIdFrom,
} from "./request_id.ts";
export {
  Counter,
  type CounterSnapshot,
  type HeaderSource,
  mergeTelemetry,
  Telemetry,
  type TelemetrySnapshot,
  type TraceListener,
  Work,
  type WorkKind,
  type WorkSnapshot,
} from "./telemetry.ts";
export {
  type Attributes,
  type ExportedSpan,
  MAX_TRACE_LOGS,
  MAX_TRACE_SPANS,
  RequestTrace,
  type SpanExporter,
  type SpanRecord,
  type SpanRole,
  tracedLogger,
  type TraceLogLine,
  type TraceRecord,
  TraceSpan,
  type TraceStart,
} from "./trace.ts";
export {
  formatTraceparent,
  parseTraceparent,
  randomSpanId,
  randomTraceId,
  type SpanContext,
  TRACEPARENT_HEADER,
} from "./traceparent.ts";
