/**
 * An outbound call as a span of the request's trace: while the request is traced, the call is a
 * child span of the Runnable's step named after the host function, with the method, the host and
 * the final status, and the request carries the span's `traceparent` (unless the Runnable set its
 * own), so the server called joins the trace. Where Deno's OpenTelemetry traces the connection
 * itself (its span of the HTTP request, whose `traceparent` it sends instead), that span is a
 * child of this one.
 *
 * @module
 */

import { TRACEPARENT_HEADER, type TraceSpan } from "../../../plugin.ts";
import type { OutboundRequest, OutboundResponse } from "./message.ts";

/** Sends `request` with `send` as a span `name` under `parent`. */
export async function tracedSend(
  parent: TraceSpan,
  name: string,
  request: OutboundRequest,
  send: (request: OutboundRequest) => Promise<OutboundResponse>,
): Promise<OutboundResponse> {
  const span = parent.child(name, "client", {
    "http.request.method": request.method,
    "server.address": request.url.hostname,
  });
  const own = request.headers.some(([header]) => header.toLowerCase() === TRACEPARENT_HEADER);
  const headers: [string, string][] = own
    ? request.headers
    : [...request.headers, [TRACEPARENT_HEADER, span.traceparent]];
  try {
    // Deno traces the HTTP requests it sends itself: under this span they are its children.
    const response = await span.within(() => send({ ...request, headers }));
    const failed = response.status > 299 ? `status ${response.status}` : undefined;
    span.end({ "http.response.status_code": response.status }, failed);
    return response;
  } catch (error) {
    span.end({}, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
