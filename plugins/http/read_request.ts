/**
 * Reading an incoming HTTP request into a {@link CoordinatedRequest}: the path and query as Go's
 * `RequestURI()`, the body up to a size limit, and the router params.
 *
 * @module
 */

import { CoordinatedRequest } from "../../plugin.ts";

/** The body is larger than the limit. */
export class BodyTooLargeError extends Error {
  /** @param limit the limit in bytes */
  constructor(readonly limit: number) {
    super(`request body exceeds the limit of ${limit} bytes`);
  }
}

/** Splits `request.url` into the path+query (`RequestURI`) and the path alone. */
export function requestTarget(url: string): { uri: string; path: string } {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const uri = start === -1 ? "/" : url.slice(start);
  const q = uri.indexOf("?");
  return { uri, path: q === -1 ? uri : uri.slice(0, q) };
}

/**
 * Reads the body, refusing more than `limit` bytes without buffering them. A body with a
 * Content-Length is read in one piece (Deno's fast path; touching `request.body` first would
 * turn it into a stream); a chunked one is streamed and cut off at the limit; a GET or HEAD
 * without a Content-Length is taken as empty.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (Number(declared) > limit) throw new BodyTooLargeError(limit);
    return new Uint8Array(await request.arrayBuffer());
  }
  // A GET or HEAD without a length has no body worth a stream (touching `request.body` costs
  // one); other methods may stream a body without a length (chunked, HTTP/2).
  const method = request.method;
  if (method === "GET" || method === "HEAD" || request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** Builds the request a sequence runs on; `id` is its request id. */
export function coordinatedRequest(
  request: Request,
  uri: string,
  body: Uint8Array,
  params: Record<string, string>,
  id?: string,
): CoordinatedRequest {
  // Routes without params share one frozen empty object; Runnables may set params, so they get
  // their own.
  return new CoordinatedRequest({
    id,
    method: request.method,
    url: uri,
    body,
    headers: request.headers,
    params: Object.isFrozen(params) ? {} : params,
  });
}
