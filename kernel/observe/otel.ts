/**
 * The span exporter of OpenTelemetry: spans go through `npm:@opentelemetry/api` to the tracer
 * provider Deno registers when it runs with `OTEL_DENO=true`, which exports them over OTLP as
 * the standard `OTEL_*` variables say. Loaded only when tracing is on (see exporter.ts).
 *
 * @module
 */

import {
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { Attributes, ExportedSpan, SpanExporter, SpanRole } from "./trace.ts";
import type { SpanContext } from "./traceparent.ts";

const KINDS: Record<SpanRole, SpanKind> = {
  server: SpanKind.SERVER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
  client: SpanKind.CLIENT,
};

/** A span of OpenTelemetry's. */
class OtelSpan implements ExportedSpan {
  readonly context: SpanContext;

  /** @param span the span */
  constructor(readonly span: Span) {
    const ids = span.spanContext();
    this.context = { traceId: ids.traceId, spanId: ids.spanId, flags: ids.traceFlags };
  }

  end(attributes: Attributes, error: string | undefined): void {
    this.span.setAttributes(attributes);
    if (error !== undefined) this.span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    this.span.end();
  }

  within<T>(fn: () => T): T {
    return context.with(trace.setSpan(context.active(), this.span), fn);
  }
}

/**
 * The context a span opens in: under its exported parent; for a root span, under the span Deno
 * opened for the HTTP request when there is one (it took the incoming `traceparent` already,
 * and is renamed after the route), else under the remote parent.
 */
function parentContext(
  name: string,
  role: SpanRole,
  parent: ExportedSpan | SpanContext | undefined,
  attributes: Attributes,
): Context {
  if (parent instanceof OtelSpan) return trace.setSpan(ROOT_CONTEXT, parent.span);
  if (role === "server") {
    const active = trace.getSpan(context.active());
    if (active) {
      active.updateName(name);
      const route = attributes["http.route"];
      if (route !== undefined) active.setAttribute("http.route", route);
      return context.active();
    }
  }
  const remote = parent as SpanContext | undefined;
  if (!remote) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: remote.traceId,
    spanId: remote.spanId,
    traceFlags: remote.flags,
    isRemote: true,
  });
}

/** Spans through `@opentelemetry/api`'s global tracer provider. */
export function otelExporter(): SpanExporter {
  const tracer = trace.getTracer("stratos");
  return {
    open(name, role, parent, attributes) {
      const ctx = parentContext(name, role, parent, attributes);
      return new OtelSpan(tracer.startSpan(name, { kind: KINDS[role], attributes }, ctx));
    },
  };
}
