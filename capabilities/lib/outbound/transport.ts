/**
 * One HTTP/1.1 request hop, sent with `node:http`/`node:https` over a connection pinned to
 * addresses the rules already approved.
 *
 * The socket's address comes from a `lookup` function that answers with the approved addresses
 * only, so no second DNS query happens between the check and the connection (no DNS-rebinding
 * window), while the `Host` header, TLS SNI and certificate verification still use the URL's host
 * name. Redirects are not followed here (the client decides, hop by hop), one connection serves one
 * hop (`agent: false`: nothing pinned for one name is reused for another), and the response body is
 * read only up to a limit.
 *
 * @module
 */

import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import { isIpLiteral } from "./ip.ts";
import { bareHostname, effectivePort } from "./rules.ts";

/** One request hop. */
export interface Hop {
  /** HTTP method, upper case. */
  method: string;
  /** Where to; its host goes into `Host` and SNI. */
  url: URL;
  /** Header lines in order (framing headers such as `Host` and `Content-Length` are set here). */
  headers: [string, string][];
  /** Request body (may be empty). */
  body: Uint8Array;
  /** Approved addresses of the URL's host: the connection goes to one of these, nowhere else. */
  addresses: string[];
}

/** Per-hop settings. */
export interface HopOptions {
  /** Cancels the hop (time limit, runtime stop). */
  signal: AbortSignal;
  /** Largest response body read, in bytes. */
  maxBytes: number;
  /** PEM certificates trusted in addition to the default roots. */
  caCerts?: string[];
}

/** The status and headers of a hop's response, with its body still to read. */
export interface HopResponse {
  /** Status code. */
  status: number;
  /** The `Location` header, if any. */
  location?: string;
  /** Reads the whole body. @throws {BodyTooLargeError} past `maxBytes` */
  read(): Promise<Uint8Array>;
  /** Drops the body and closes the connection. */
  discard(): void;
}

/** Sends one hop; the seam tests replace to observe or redirect connections. */
export type Transport = (hop: Hop, options: HopOptions) => Promise<HopResponse>;

/** A response body was larger than allowed. */
export class BodyTooLargeError extends Error {
  /** @param limit the limit in bytes */
  constructor(readonly limit: number) {
    super(`response body exceeds the limit of ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** A header name or value that cannot be sent (Go's texts; values are never quoted). */
export class HeaderError extends Error {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "HeaderError";
  }
}

/** Headers the transport owns, as Go's client ignores them when set by the caller. */
const FRAMING = new Set(["host", "content-length", "transfer-encoding", "trailer", "connection"]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** The header lines to send: validated, framing headers replaced by the transport's own. */
export function wireHeaders(hop: Hop): Record<string, string | string[]> {
  const lines: Record<string, string[]> = {};
  for (const [name, value] of hop.headers) {
    if (!TOKEN.test(name)) throw new HeaderError(`net/http: invalid header field name "${name}"`);
    if (CONTROL.test(value)) {
      throw new HeaderError(`net/http: invalid header field value for "${name}"`);
    }
    if (!FRAMING.has(name.toLowerCase())) (lines[name] ??= []).push(value);
  }
  const headers: Record<string, string | string[]> = { Host: hop.url.host, ...lines };
  if (hop.body.length > 0 || BODY_METHODS.has(hop.method)) {
    headers["Content-Length"] = String(hop.body.length);
  }
  return headers;
}

/** A `lookup` for `node:net` that answers with `addresses` whatever the name. */
function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({
    address,
    family: address.includes(":") ? 6 : 4,
  }));
  return (_name, options, callback) => {
    if (options?.all) callback(null, entries);
    else callback(null, entries[0].address, entries[0].family);
  };
}

async function readBody(
  response: http.IncomingMessage,
  maxBytes: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}

/** The default transport: `node:http`/`node:https`, pinned to `hop.addresses`. */
export const nodeTransport: Transport = (hop, options) => {
  if (hop.addresses.length === 0) throw new Error("no approved address to connect to");
  const headers = wireHeaders(hop);
  const secure = hop.url.protocol === "https:";
  const hostname = bareHostname(hop.url);
  return new Promise<HopResponse>((resolve, reject) => {
    const request = (secure ? https : http).request({
      hostname,
      ...(secure && !isIpLiteral(hostname) ? { servername: hostname } : {}),
      port: effectivePort(hop.url),
      path: hop.url.pathname + hop.url.search,
      method: hop.method,
      headers,
      agent: false,
      setHost: false,
      lookup: pinnedLookup(hop.addresses),
      signal: options.signal,
      ...(secure && options.caCerts ? { ca: [...rootCertificates, ...options.caCerts] } : {}),
    }, (response) => {
      resolve({
        status: response.statusCode ?? 0,
        location: response.headers.location,
        read: () => readBody(response, options.maxBytes),
        discard: () => {
          response.destroy();
          request.destroy();
        },
      });
    });
    request.on("error", reject);
    request.end(hop.body.length > 0 ? hop.body : undefined);
  });
};
