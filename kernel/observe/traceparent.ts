/**
 * W3C trace context ids: reading an incoming `traceparent` header, writing one, and making the
 * random ids of a trace recorded without OpenTelemetry.
 *
 * @module
 */

/** The header that carries trace context, in and out. */
export const TRACEPARENT_HEADER = "traceparent";

/** A span's place in a trace. */
export interface SpanContext {
  /** 32 lower-case hex digits, not all zero. */
  traceId: string;
  /** 16 lower-case hex digits, not all zero. */
  spanId: string;
  /** Trace flags; bit 0 says the trace is sampled. */
  flags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZEROS = /^0+$/;

/**
 * The span context of a `traceparent` value, or undefined when it is not one (version `ff`, ids
 * of zeros, a version-00 header with extra fields, or anything malformed).
 */
export function parseTraceparent(value: string | null | undefined): SpanContext | undefined {
  if (!value || value.length > 512) return undefined;
  const match = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (ZEROS.test(traceId) || ZEROS.test(spanId)) return undefined;
  return { traceId, spanId, flags: parseInt(flags, 16) };
}

/** The `traceparent` value that names `span` as the parent. */
export function formatTraceparent(span: SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-${(span.flags & 0xff).toString(16).padStart(2, "0")}`;
}

/** `bytes` random bytes as lower-case hex. */
function randomHex(bytes: number): string {
  let out = "";
  for (const b of crypto.getRandomValues(new Uint8Array(bytes))) {
    out += b.toString(16).padStart(2, "0");
  }
  return out;
}

/** A random trace id. */
export function randomTraceId(): string {
  return randomHex(16);
}

/** A random span id. */
export function randomSpanId(): string {
  return randomHex(8);
}
