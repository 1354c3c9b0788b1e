/**
 * What a stream source does with a message once its steps ran, under the handler's `delivery:`
 * block: answer it, try it again after a growing wait, or, after the last failed attempt, send
 * the original message to the dead letter (with headers saying why) besides answering it. A
 * delivery fails when its steps end in a trap, a timeout or a status of 500 or more; a 4xx error
 * is an answer like any other. Without a block every message is answered once, as before.
 *
 * @module
 */

import { Backoff } from "../connection/backoff.ts";
import type { Delivery } from "../directive/types.ts";
import type { StreamReply } from "./message.ts";

/** Longest wait between two attempts, in ms (a backoff longer than this is used as it is). */
export const MAX_RETRY_WAIT_MS = 5 * 60_000;

/** Headers a dead letter carries besides the original message's own. */
export const DEAD_LETTER_HEADERS = {
  /** The status of the last attempt (`500` for a trap, `504` for a timeout). */
  status: "Stratos-Dead-Letter-Status",
  /** The error message of the last attempt. */
  error: "Stratos-Dead-Letter-Error",
  /** How many attempts were made. */
  attempts: "Stratos-Dead-Letter-Attempts",
  /** Where the message came from (source, subject or topic, and its place there). */
  source: "Stratos-Dead-Letter-Source",
} as const;

/** What to do with a message after an attempt. */
export type DeliveryVerdict =
  /** Publish the reply (result or error) and acknowledge the message. */
  | { action: "answer" }
  /** Publish nothing; try the message again after `delayMs`. */
  | { action: "retry"; delayMs: number }
  /** Publish the reply, send the original message with `headers` added to the dead letter. */
  | { action: "deadLetter"; headers: Record<string, string> };

/** Whether an attempt failed in a way worth another one: a trap, a timeout, a status ≥ 500. */
export function deliveryFailed(reply: Pick<StreamReply, "failed" | "outcome">): boolean {
  return reply.failed && reply.outcome.status >= 500;
}

/**
 * The verdict on attempt number `attempt` (from 1) of a message whose steps answered `reply`;
 * `source` says where the message came from (for the dead letter's headers).
 */
export function judgeDelivery(
  delivery: Delivery | undefined,
  reply: Pick<StreamReply, "failed" | "outcome">,
  attempt: number,
  source: string,
): DeliveryVerdict {
  if (!delivery || !deliveryFailed(reply)) return { action: "answer" };
  if (attempt < delivery.maxDeliver) {
    return { action: "retry", delayMs: retryDelayMs(delivery, attempt) };
  }
  if (delivery.deadLetter === undefined) return { action: "answer" };
  const { status, error } = reply.outcome;
  return {
    action: "deadLetter",
    headers: deadLetterHeaders({
      status,
      error: error?.message ?? `status ${status}`,
      attempts: attempt,
      source,
    }),
  };
}

/** The wait after `failed` failed attempts (1: the backoff itself, then doubling), in ms. */
export function retryDelayMs(delivery: Delivery, failed: number): number {
  const backoff = new Backoff({
    initialMs: delivery.backoffMs,
    maxMs: MAX_RETRY_WAIT_MS,
    jitter: 0,
  });
  let wait = 0;
  for (let i = 0; i < failed; i++) {
    const before = wait;
    wait = backoff.next();
    if (wait === before) break; // at the longest wait: every later one is the same
  }
  return wait;
}

/** What went wrong, for the headers of a dead letter. */
export interface DeadLetterReason {
  /** Status of the last attempt. */
  status: number;
  /** Its error message. */
  error: string;
  /** Attempts made. */
  attempts: number;
  /** Where the message came from, e.g. `kafka topic orders, partition 0, offset 12`. */
  source: string;
}

/** The headers that say why a message was dead-lettered (values fit for any header). */
export function deadLetterHeaders(reason: DeadLetterReason): Record<string, string> {
  return {
    [DEAD_LETTER_HEADERS.status]: String(reason.status),
    [DEAD_LETTER_HEADERS.error]: headerValue(reason.error),
    [DEAD_LETTER_HEADERS.attempts]: String(reason.attempts),
    [DEAD_LETTER_HEADERS.source]: headerValue(reason.source),
  };
}

/** Most characters of a header value taken from a message. */
const MAX_HEADER_CHARS = 1024;

/** `text` on one line (control characters become spaces), cut at {@link MAX_HEADER_CHARS}. */
function headerValue(text: string): string {
  // deno-lint-ignore no-control-regex
  const line = text.replace(/[\x00-\x1f\x7f]+/g, " ").trim();
  return line.length > MAX_HEADER_CHARS ? `${line.slice(0, MAX_HEADER_CHARS - 1)}…` : line;
}
