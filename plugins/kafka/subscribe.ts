/**
 * Subscribing to topics that may not exist yet: with automatic topic creation the broker creates
 * a topic on the first metadata request for it but answers that request with an error, so the
 * subscription is retried a few times before giving up.
 *
 * @module
 */

import type { Consumer } from "kafkajs";

const MISSING_TOPIC = new Set(["UNKNOWN_TOPIC_OR_PARTITION", "LEADER_NOT_AVAILABLE"]);

/** Subscribes `consumer` to `topics`, retrying while they are being created. */
export async function subscribe(
  consumer: Pick<Consumer, "subscribe">,
  topics: string[],
  fromBeginning: boolean,
  attempts = 20,
  delayMs = 250,
): Promise<void> {
  for (let attempt = 1;; attempt++) {
    try {
      await consumer.subscribe({ topics, fromBeginning });
      return;
    } catch (error) {
      const type = (error as { type?: string }).type ?? "";
      if (attempt >= attempts || !MISSING_TOPIC.has(type)) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`cannot subscribe to Kafka topic(s) ${topics.join(", ")}: ${reason}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
