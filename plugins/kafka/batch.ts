/**
 * Processing one fetched batch of a partition, in order, with at-least-once delivery: records
 * are handled one after the other, their replies are published in chunks, and a chunk's last
 * offset is resolved (so it may be committed) only once its replies are on the broker.
 *
 * @module
 */

import type { KafkaHeaderValue } from "./headers.ts";

/** A reply to publish. */
export interface Reply {
  /** Target topic. */
  topic: string;
  /** Key (the inbound record's key). */
  key: Uint8Array | null;
  /** Value bytes. */
  value: Uint8Array;
  /** Record headers. */
  headers: Record<string, KafkaHeaderValue>;
}

/** What {@link processBatch} does with the records; the consumer supplies these. */
export interface BatchSteps<R extends { offset: string }> {
  /**
   * Runs the handlers for one record and returns the replies to publish; `undefined` when the
   * record was not finished (it and the rest of the batch are left for the next fetch).
   */
  handle(record: R): Promise<Reply[] | undefined>;
  /** Publishes replies (resolves once the broker has them). */
  publish(replies: Reply[]): Promise<void>;
  /** Marks `offset` (and everything before it in the partition) as done. */
  resolve(offset: string): void;
  /** Whether to go on with the next record (false when stopping or after a rebalance). */
  keepGoing(): boolean;
  /** Called after each chunk (heartbeat, commit if due). */
  checkpoint(): Promise<void>;
}

/** When a chunk of replies is published. */
export interface ChunkLimits {
  /** Records per chunk. @default 500 */
  maxRecords: number;
  /** Reply bytes per chunk (keep it below the broker's request limits). @default 512 KiB */
  maxBytes: number;
  /** Longest time a handled record waits for its chunk to be published, in ms. @default 200 */
  maxDelayMs: number;
}

/** Default {@link ChunkLimits}. */
export const DEFAULT_CHUNK_LIMITS: Readonly<ChunkLimits> = {
  maxRecords: 500,
  maxBytes: 512 * 1024,
  maxDelayMs: 200,
};

/**
 * Handles `records` in order. Returns the number of records handled (fewer than given when
 * `keepGoing` turned false or a record was not finished); a failure to publish propagates,
 * leaving the chunk unresolved so its records are fetched again.
 */
export async function processBatch<R extends { offset: string }>(
  records: readonly R[],
  steps: BatchSteps<R>,
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
  now: () => number = performance.now.bind(performance),
): Promise<number> {
  let pending: Reply[] = [];
  let bytes = 0;
  let count = 0;
  let since = 0;
  let last: string | undefined;
  let handled = 0;
  const flush = async () => {
    if (last === undefined) return;
    if (pending.length > 0) await steps.publish(pending);
    steps.resolve(last);
    pending = [];
    bytes = 0;
    count = 0;
    last = undefined;
    await steps.checkpoint();
  };
  for (const record of records) {
    if (!steps.keepGoing()) break;
    if (count === 0) since = now();
    const replies = await steps.handle(record);
    if (replies === undefined) break;
    for (const reply of replies) {
      pending.push(reply);
      bytes += reply.value.length + (reply.key?.length ?? 0);
    }
    last = record.offset;
    count++;
    handled++;
    if (
      count >= limits.maxRecords || bytes >= limits.maxBytes || now() - since >= limits.maxDelayMs
    ) {
      await flush();
    }
  }
  await flush();
  return handled;
}
