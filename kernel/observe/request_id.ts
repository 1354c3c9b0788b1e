/**
 * Request ids: the one a client sent in `X-Request-Id` when it is fit to be echoed and logged,
 * else a new one. New ids look like version-4 UUIDs: a random prefix drawn once per isolate and
 * a counter in the last 12 hex digits, so making one costs no random bytes.
 *
 * @module
 */

/** The header that carries a request's id, in and out. */
export const REQUEST_ID_HEADER = "x-request-id";

/** Longest incoming request id kept, in characters. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** Visible ASCII only: no spaces, no control characters, nothing a log or header would mangle. */
const FIT = /^[\x21-\x7e]+$/;

const prefix = (() => {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => b.toString(16))
    .map((h) => h.padStart(2, "0")).join("");
  const variant = "89ab"[parseInt(hex[12], 16) & 3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${
    hex.slice(17, 20)
  }-`;
})();
let counter = 0;

/** A new request id, unique in this isolate and unlikely to repeat in any other. */
export function newRequestId(): string {
  counter = counter >= 0xffffffffffff ? 1 : counter + 1;
  return prefix + counter.toString(16).padStart(12, "0");
}

/**
 * The incoming id `value` if it can be kept (1 to {@link MAX_REQUEST_ID_LENGTH} visible ASCII
 * characters), else a new one.
 */
export function requestIdFrom(value: string | null | undefined): string {
  if (value && value.length <= MAX_REQUEST_ID_LENGTH && FIT.test(value)) return value;
  return newRequestId();
}
