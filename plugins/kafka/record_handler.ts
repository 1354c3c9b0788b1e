/**
 * Running a topic's stream handlers for one Kafka record (kernel `runStreamMessage`: the value is
 * the body, a Grav envelope is unwrapped, headers are lower-cased, the method is `STREAM`) and
 * turning each result into a reply for the handler's `respondTo` topic, keyed like the record.
 *
 * A handler with a `delivery:` block tries a failed record again in place (after the block's
 * growing backoff; the partition waits, so its order holds), and after the last failed attempt
 * adds the original record (key, value and headers, plus headers saying why) for its
 * `deadLetter` topic. The replies are published before the record's offset is committed.
 *
 * @module
 */

import {
  type Handler,
  judgeDelivery,
  type PluginContext,
  runStreamMessage,
  type StreamReply,
  unhandledReply,
} from "../../plugin.ts";
import type { Reply } from "./batch.ts";
import { type KafkaHeaderValue, requestHeaders } from "./headers.ts";

/** A fetched record, as kafkajs delivers it. */
export interface InboundRecord {
  /** Offset in its partition. */
  offset: string;
  /** Key, if any. */
  key: Uint8Array | null;
  /** Value; `null` for a tombstone (handled as an empty body). */
  value: Uint8Array | null;
  /** Record headers. */
  headers?: Record<string, KafkaHeaderValue>;
}

/** Where a record is handled. */
export interface RecordPlace {
  /** Its partition. */
  partition: number;
  /**
   * Waits `ms` before another attempt (keeping the group membership alive); resolves `false`
   * when the consumer is stopping or lost the partition meanwhile.
   */
  pause(ms: number): Promise<boolean>;
}

/**
 * Handles a record: the replies to publish, or `undefined` when it was not finished (stopping
 * in the middle of its retries): it is then fetched again, as its offset is not committed.
 */
export type RecordHandler = (
  record: InboundRecord,
  place: RecordPlace,
) => Promise<Reply[] | undefined>;

const EMPTY = new Uint8Array(0);

/** Returns a function that runs `handlers` (all on one topic) for a record, in order. */
export function recordHandler(ctx: PluginContext, handlers: readonly Handler[]): RecordHandler {
  return async (record, place) => {
    const replies: Reply[] = [];
    const headers = requestHeaders(record.headers);
    for (const handler of handlers) {
      const message = { data: record.value ?? EMPTY, headers };
      const source =
        `kafka topic ${handler.resource}, partition ${place.partition}, offset ${record.offset}`;
      let reply: StreamReply;
      for (let attempt = 1;; attempt++) {
        reply = await runOnce(ctx, handler, message, record.offset);
        const verdict = judgeDelivery(handler.delivery, reply, attempt, source);
        if (verdict.action === "retry") {
          if (!await place.pause(verdict.delayMs)) return undefined;
          continue;
        }
        if (verdict.action === "deadLetter") {
          replies.push({
            topic: handler.delivery!.deadLetter!,
            key: record.key,
            value: record.value ?? EMPTY,
            headers: { ...record.headers, ...verdict.headers },
          });
          ctx.log.error("kafka record dead-lettered", {
            topic: handler.resource,
            offset: record.offset,
            dead_letter: handler.delivery!.deadLetter,
            attempts: attempt,
          });
        }
        break;
      }
      if (handler.respondTo) {
        replies.push({
          topic: handler.respondTo,
          key: record.key,
          value: reply.data,
          headers: reply.headers,
        });
      }
    }
    return replies;
  };
}

/** One attempt; a bug (not a Runnable's error) is answered like a 500 rather than thrown. */
async function runOnce(
  ctx: PluginContext,
  handler: Handler,
  message: { data: Uint8Array; headers: Map<string, string> | undefined },
  offset: string,
): Promise<StreamReply> {
  try {
    return await runStreamMessage(ctx, handler, message);
  } catch (error) {
    ctx.log.error("failed to handle Kafka message", { topic: handler.resource, offset, error });
    return unhandledReply();
  }
}
