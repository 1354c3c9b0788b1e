/**
 * Turning outcomes into HTTP responses. Headers are built as plain records:
 * constructing `Headers` objects costs a third of the throughput of a small handler.
 *
 * @module
 */

import type { SequenceOutcome } from "../../mod.ts";

const JSON_TYPE = "application/json";
const OCTET_STREAM = "application/octet-stream";
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A field value is HTAB, SP, visible ASCII and obs-text (RFC 9110): nothing else fits a
// ByteString header.
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** A JSON error response `{"status":N,"message":"..."}`, with optional extra headers. */
export function errorResponse(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Response {
  return new Response(JSON.stringify({ status, message }), {
    status,
    headers: { ...headers, "content-type": JSON_TYPE },
  });
}

/**
 * The response for a finished sequence: on success the result bytes with the Runnables'
 * headers (Content-Type defaults to `application/octet-stream`; names are case-insensitive, the
 * last value set wins; a name or value HTTP cannot carry is dropped); on failure the error JSON.
 */
export function outcomeResponse(
  outcome: SequenceOutcome,
  respHeaders: Map<string, string>,
  extra?: Record<string, string>,
): Response {
  const body = outcome.body as Uint8Array<ArrayBuffer>;
  if (outcome.failed) {
    const headers: Record<string, string> = { ...extra, "content-type": JSON_TYPE };
    // 503 means overloaded (the instance queue was full): tell clients when to come back.
    if (outcome.status === 503) headers["retry-after"] = "1";
    return new Response(body, { status: outcome.status, headers });
  }
  if (respHeaders.size === 0 && extra === undefined) {
    return new Response(body, { headers: { "content-type": OCTET_STREAM } });
  }
  const headers: Record<string, string> = { ...extra, "content-type": OCTET_STREAM };
  for (const [name, value] of respHeaders) {
    if (TOKEN.test(name) && !BAD_VALUE.test(value)) headers[name.toLowerCase()] = value;
  }
  return new Response(body, { headers });
}
