// Outbound HTTP (`fetch_url`). Headers travel inside the URL string as
// `url::Name:value::Name2:value2`, so neither names nor values may contain ':'.

import { fetch_url } from "./env";
import { fail, ffiResult, ident, len, ptr, Result, UNKNOWN_HOST_ERROR, utf8 } from "./ffi";

/** HTTP methods, with the host's wire values. */
export enum Method {
  GET = 0,
  HEAD = 1,
  OPTIONS = 2,
  POST = 3,
  PUT = 4,
  PATCH = 5,
  DELETE = 6,
}

/** Renders `url` plus `::Name:value` suffixes for each header. */
export function renderUrl(url: string, headers: Map<string, string> | null): string {
  if (headers === null) return url;
  let rendered = url;
  const keys = headers.keys();
  for (let i = 0; i < keys.length; i++) {
    const key = unchecked(keys[i]);
    rendered += "::" + key + ":" + headers.get(key);
  }
  return rendered;
}

/**
 * Sends a request and returns the response body. A status above 299 is an error whose text is
 * `"<status>: <body>"`; capability rules (allowed domains, ports, ...) are errors too.
 */
export function request(
  method: Method,
  url: string,
  body: ArrayBuffer | null = null,
  headers: Map<string, string> | null = null,
): Result {
  const u = utf8(renderUrl(url, headers));
  const b = body !== null ? body : new ArrayBuffer(0);
  const size = fetch_url(method, ptr(u), len(u), ptr(b), len(b), ident());
  const result = ffiResult(size);
  if (size == -2 && result.errorMessage() == UNKNOWN_HOST_ERROR) {
    return new Result(new ArrayBuffer(0), fail("invalid HTTP method or malformed header"));
  }
  return result;
}

/** GET `url`. */
export function get(url: string, headers: Map<string, string> | null = null): Result {
  return request(Method.GET, url, null, headers);
}

/** HEAD `url`. */
export function head(url: string, headers: Map<string, string> | null = null): Result {
  return request(Method.HEAD, url, null, headers);
}

/** OPTIONS `url`. */
export function options(url: string, headers: Map<string, string> | null = null): Result {
  return request(Method.OPTIONS, url, null, headers);
}

/** POST `body` to `url` (Content-Type defaults to application/octet-stream on the host). */
export function post(
  url: string,
  body: ArrayBuffer | null = null,
  headers: Map<string, string> | null = null,
): Result {
  return request(Method.POST, url, body, headers);
}

/** PUT `body` to `url`. */
export function put(
  url: string,
  body: ArrayBuffer | null = null,
  headers: Map<string, string> | null = null,
): Result {
  return request(Method.PUT, url, body, headers);
}

/** PATCH `url` with `body`. */
export function patch(
  url: string,
  body: ArrayBuffer | null = null,
  headers: Map<string, string> | null = null,
): Result {
  return request(Method.PATCH, url, body, headers);
}

/** DELETE `url` (exported as `delete`). */
function del(url: string, headers: Map<string, string> | null = null): Result {
  return request(Method.DELETE, url, null, headers);
}
export { del as delete };
