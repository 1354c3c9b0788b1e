/**
 * Running a topic's stream handlers for one Kafka record (kernel `runStreamMessage`: the value is
 * the body, a Grav envelope is unwrapped, headers are lower-cased, the method is `STREAM`) and
 * turning each result into a reply for the handler's `respondTo` topic, keyed like the record.
 *
 * @module
 */

import { ERROR_HEADER, type Handler, type PluginContext, runStreamMessage } from "../../plugin.ts";
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

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/** Returns a function that runs `handlers` (all on one topic) for a record, in order. */
export function recordHandler(
  ctx: PluginContext,
  handlers: readonly Handler[],
): (record: InboundRecord) => Promise<Reply[]> {
  return async (record) => {
    const replies: Reply[] = [];
    const headers = requestHeaders(record.headers);
    for (const handler of handlers) {
      const message = { data: record.value ?? EMPTY, headers };
      let reply: { data: Uint8Array; headers: Record<string, string> };
      try {
        reply = await runStreamMessage(ctx, handler, message);
      } catch (error) {
        // A bug, not a Runnable's error: answer it like one rather than fetching the record
        // again forever.
        ctx.log.error("failed to handle Kafka message", {
          topic: handler.resource,
          offset: record.offset,
          error,
        });
        reply = {
          data: encoder.encode(
            JSON.stringify({ status: 500, message: "failed to handle message" }),
          ),
          headers: { [ERROR_HEADER]: "500", "Content-Type": "application/json" },
        };
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
