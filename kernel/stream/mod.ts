/**
 * What stream sources share: running a handler for a message, reading Grav envelopes, a bound
 * on the messages handled at once, and the verdict of the handler's `delivery:` block on an
 * attempt (answer, retry, dead letter).
 *
 * @module
 */

export { decodeBase64 } from "./base64.ts";
export { DEAD_LETTER_HEADERS, type DeliveryVerdict, judgeDelivery } from "./delivery.ts";
export { unwrapEnvelope } from "./envelope.ts";
export { InFlight } from "./in_flight.ts";
export {
  ERROR_HEADER,
  failedReply,
  runStreamMessage,
  type StreamMessage,
  type StreamReply,
  unhandledReply,
} from "./message.ts";
