/**
 * What stream sources share: running a handler for a message, reading Grav envelopes, and a
 * bound on the messages handled at once.
 *
 * @module
 */

export { decodeBase64 } from "./base64.ts";
export { unwrapEnvelope } from "./envelope.ts";
export { InFlight } from "./in_flight.ts";
export { ERROR_HEADER, runStreamMessage, type StreamMessage, type StreamReply } from "./message.ts";
