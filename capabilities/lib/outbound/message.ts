/**
 * What an outbound call sends and gets back, as the client and its tracing see it.
 *
 * @module
 */

/** A request a capability sends. */
export interface OutboundRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Target URL. */
  url: URL;
  /** Header lines the Runnable asked for, in order. */
  headers: [string, string][];
  /** Body (may be empty). */
  body: Uint8Array;
}

/** The final response (after redirects), its body redacted. */
export interface OutboundResponse {
  /** Status code. */
  status: number;
  /** Body, with configured secrets redacted. */
  body: Uint8Array;
}
