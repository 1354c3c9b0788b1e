/**
 * Decoding of `fetch_url`'s arguments: the method number, and the URL string that
 * carries the request headers as `url::Name:value::Name2:value2`.
 *
 * As in Atmo, every header segment must split on `:` into exactly 2 parts (so a value cannot
 * contain `:`), header names are canonicalised the way Go's `http.Header.Add` does, and a non-empty
 * body without a `Content-Type` gets `application/octet-stream`. One extension: the `::` of an IPv6
 * literal host (`http://[::1]:8080/`) is part of the URL, not a header separator (Atmo cut the URL
 * there and failed).
 *
 * @module
 */

/** HTTP methods by their `fetch_url` number. */
export const METHODS: readonly string[] = [
  "GET",
  "HEAD",
  "OPTIONS",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
];

/** Content type of a body sent without one. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** A decoded `fetch_url` URL string. */
export interface EncodedUrl {
  /** The URL, as written. */
  url: string;
  /** Header lines, in order. */
  headers: [string, string][];
}

/** The method for `fetch_url`'s method number, or `undefined` for an invalid one. */
export function methodName(method: number): string | undefined {
  return Number.isInteger(method) ? METHODS[method] : undefined;
}

/** Go's `textproto.CanonicalMIMEHeaderKey`: `content-type` → `Content-Type`. */
export function canonicalHeaderKey(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase());
}

/** Where header separators may start: after the `]` of a bracketed (IPv6) host. */
function headersSearchStart(encoded: string): number {
  const authority = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#\[]*\[/.exec(encoded);
  if (!authority) return 0;
  const close = encoded.indexOf("]", authority[0].length);
  return close === -1 ? 0 : close;
}

/** Splits `url::Name:value::...`; `undefined` when a header segment is malformed. */
export function decodeUrl(encoded: string): EncodedUrl | undefined {
  const cut = encoded.indexOf("::", headersSearchStart(encoded));
  if (cut === -1) return { url: encoded, headers: [] };
  const headers: [string, string][] = [];
  for (const segment of encoded.slice(cut + 2).split("::")) {
    const parts = segment.split(":");
    if (parts.length !== 2) return undefined;
    headers.push([canonicalHeaderKey(parts[0]), parts[1]]);
  }
  return { url: encoded.slice(0, cut), headers };
}

/**
 * `headers` plus `Content-Type: application/octet-stream` when `body` is non-empty and the first
 * `Content-Type` is missing or empty (Go's `Header.Get`).
 */
export function withDefaultContentType(
  headers: [string, string][],
  body: Uint8Array,
): [string, string][] {
  if (body.length === 0) return headers;
  const given = headers.find(([name]) => name === "Content-Type");
  if (given && given[1] !== "") return headers;
  return [...headers, ["Content-Type", DEFAULT_CONTENT_TYPE]];
}
