/**
 * How a finished sequence becomes a response, as in Atmo: the result bytes with status 200,
 * or an error as `{"status":N,"message":"..."}` with the Runnable's code when it is a valid HTTP
 * status and 500 otherwise.
 *
 * @module
 */

/** The outcome of running a handler's steps. */
export interface SequenceOutcome {
  /** HTTP status: 200 on success. */
  status: number;
  /** Response body: the result bytes, or the error JSON. */
  body: Uint8Array;
  /** Whether the sequence failed. */
  failed: boolean;
  /** The error (code as returned by the Runnable, or 500), when failed. */
  error?: { code: number; message: string };
}

const encoder = new TextEncoder();

/** A successful outcome with `body`. */
export function success(body: Uint8Array): SequenceOutcome {
  return { status: 200, body, failed: false };
}

/** A failed outcome; `code` outside 200–599 is answered with 500 (Atmo's mapping). */
export function failure(code: number, message: string): SequenceOutcome {
  const status = code >= 200 && code <= 599 ? code : 500;
  return {
    status,
    body: encoder.encode(JSON.stringify({ status, message })),
    failed: true,
    error: { code, message },
  };
}

/** The state value a continued error leaves behind (`{"code":N,"message":"..."}`). */
export function continuedErrorJSON(code: number, message: string): Uint8Array {
  return encoder.encode(JSON.stringify({ code, message }));
}
