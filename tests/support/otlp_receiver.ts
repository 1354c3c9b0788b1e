/**
 * Test support: an OpenTelemetry collector's trace endpoint on loopback. It accepts OTLP/HTTP
 * with JSON bodies (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) at `POST /v1/traces`, as Deno's
 * built-in exporter sends them, and keeps every span, with its attributes as a plain record.
 *
 * @module
 */

/** A span as the receiver keeps it. */
export interface ReceivedSpan {
  /** The instrumentation scope (`stratos`, `deno`). */
  scope: string;
  /** Span name. */
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Trace id (hex). */
  traceId: string;
  /** Span id (hex). */
  spanId: string;
  /** Parent span id (hex), "" for a root. */
  parentSpanId: string;
  /** Attributes, values unwrapped. */
  attributes: Record<string, unknown>;
  /** Status code: 0 unset, 1 ok, 2 error. */
  status: number;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** Its base URL, for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  /** Spans received so far. */
  spans: ReceivedSpan[];
  /** Resolves with the spans once `done` holds for them, or rejects after `timeoutMs`. */
  waitFor(
    done: (spans: ReceivedSpan[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<ReceivedSpan[]>;
  /** Stops it. */
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}

function unwrap(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.boolValue;
}

interface OtlpTraces {
  resourceSpans?: {
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        name: string;
        kind: number;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        attributes?: { key: string; value: OtlpValue }[];
        status?: { code?: number };
      }[];
    }[];
  }[];
}

/** Starts a receiver on a free loopback port. */
export function startOtlpReceiver(): OtlpReceiver {
  const spans: ReceivedSpan[] = [];
  const waiters = new Set<() => void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== "POST" || !path.startsWith("/v1/")) {
      return new Response("not found", { status: 404 });
    }
    const body = await req.json() as OtlpTraces;
    if (path === "/v1/traces") {
      for (const resource of body.resourceSpans ?? []) {
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              scope: scope.scope?.name ?? "",
              name: span.name,
              kind: span.kind,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? "",
              attributes: Object.fromEntries(
                (span.attributes ?? []).map((a) => [a.key, unwrap(a.value)]),
              ),
              status: span.status?.code ?? 0,
            });
          }
        }
      }
      for (const waiter of waiters) waiter();
    }
    return Response.json({});
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    spans,
    waitFor(done, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(spans)) return;
          finish();
          resolve(spans);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${what} within ${timeoutMs} ms; got ${spans.length} spans`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => server.shutdown(),
  };
}
