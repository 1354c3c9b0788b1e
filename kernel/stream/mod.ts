/**
 * What stream sources share: running a handler for a message and reading Grav envelopes.
 *
 * @module
 */

export { decodeBase64 } from "./base64.ts";
export { unwrapEnvelope } from "./envelope.ts";
export { ERROR_HEADER, runStreamMessage, type StreamMessage, type StreamReply } from "./message.ts";
