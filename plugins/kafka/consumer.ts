/**
 * The stream source: one consumer per runtime, in the consumer group, subscribed to every topic
 * a `source: kafka` handler names. Each fetched batch is processed in order per partition
 * ({@link processBatch}); offsets are committed only after a record's steps ran and its replies
 * were published (at-least-once). After a failure the consumer restarts from the last committed
 * offsets; on stop it finishes the records in hand, commits and leaves the group.
 *
 * @module
 */

import kafkajs, {
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type Message,
  type Producer,
} from "kafkajs";
import { Buffer } from "node:buffer";
import type { ConnectionHealth, Handler, PluginContext } from "../../plugin.ts";
import { processBatch, type Reply } from "./batch.ts";
import type { KafkaOptions } from "./options.ts";
import { type RecordHandler, recordHandler } from "./record_handler.ts";
import { subscribe } from "./subscribe.ts";

/** What the stream source needs. */
export interface StreamSourceOptions {
  /** Plugin context (runs the steps, logs). */
  ctx: PluginContext;
  /** The connected client. */
  kafka: Kafka;
  /** Publishes replies. */
  producer: Producer;
  /** Plugin options. */
  options: KafkaOptions;
  /** Connection state. */
  health: ConnectionHealth;
  /** Handlers by topic. */
  handlers: ReadonlyMap<string, readonly Handler[]>;
}

/** A running stream source. */
export interface StreamSource {
  /** Stops fetching, finishes the records in hand, commits and leaves the group. */
  stop(): Promise<void>;
}

/** Joins the group and starts consuming; resolves once the first assignment arrived. */
export async function startStreamSource(source: StreamSourceOptions): Promise<StreamSource> {
  const { ctx, kafka, options, health } = source;
  let stopping = false;
  const consumer = kafka.consumer({
    groupId: options.group,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(options.sessionTimeoutMs / 3)),
    // Short polls so that a stop does not wait long for an idle fetch to return.
    maxWaitTimeInMs: 1000,
    allowAutoTopicCreation: true,
    retry: {
      retries: 5,
      initialRetryTime: 250,
      maxRetryTime: 5000,
      restartOnFailure: () => Promise.resolve(!stopping),
    },
  });
  watch(consumer, ctx, health, options.group);
  const handle = new Map(
    [...source.handlers].map(([topic, handlers]) => [topic, recordHandler(ctx, handlers)]),
  );
  const publish = (replies: Reply[]) => publishReplies(source.producer, replies);
  await consumer.connect();
  await subscribe(consumer, [...source.handlers.keys()], options.startFrom === "earliest");
  await consumer.run({
    autoCommit: true,
    autoCommitInterval: 1000,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.concurrency,
    eachBatch: (payload) => eachBatch(payload, handle.get(payload.batch.topic), publish),
  });
  return {
    async stop() {
      stopping = true;
      await consumer.disconnect();
    },
  };
}

async function eachBatch(
  payload: EachBatchPayload,
  handle: RecordHandler | undefined,
  publish: (replies: Reply[]) => Promise<void>,
): Promise<void> {
  const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
  if (!handle) return; // a topic no handler names (cannot happen: we subscribe to ours only)
  const keepGoing = () => isRunning() && !isStale();
  const place = { partition: batch.partition, pause: (ms: number) => pause(ms, payload) };
  try {
    await processBatch(batch.messages, {
      handle: (record) => handle(record, place),
      publish,
      resolve: resolveOffset,
      keepGoing,
      checkpoint: async () => {
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  } catch (error) {
    // kafkajs restarts the consumer only after retriable errors; every failure here is worth a
    // restart from the last committed offset (at-least-once).
    // (The error classes are spread into kafkajs's CommonJS exports: only the default import
    // sees them.)
    if (error instanceof kafkajs.KafkaJSError && error.retriable) throw error;
    throw new kafkajs.KafkaJSError(error as Error, { retriable: true });
  }
}

/** Longest sleep between two heartbeats while waiting before another attempt, in ms. */
const PAUSE_STEP_MS = 500;

/**
 * Waits `ms`, sending heartbeats meanwhile (kafkajs sends one when its interval has passed);
 * `false` as soon as the consumer stops or the partition is taken away.
 */
async function pause(ms: number, payload: EachBatchPayload): Promise<boolean> {
  const until = performance.now() + ms;
  const going = () => payload.isRunning() && !payload.isStale();
  for (let left = ms; left > 0 && going(); left = until - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(PAUSE_STEP_MS, left)));
    await payload.heartbeat();
  }
  return going();
}

async function publishReplies(producer: Producer, replies: Reply[]): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const reply of replies) {
    let messages = byTopic.get(reply.topic);
    if (!messages) byTopic.set(reply.topic, messages = []);
    messages.push({
      key: reply.key && asBuffer(reply.key),
      value: asBuffer(reply.value),
      headers: reply.headers as IHeaders,
    });
  }
  await producer.sendBatch({
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
  });
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Logs group membership and keeps `health` up to date from the consumer's events. */
function watch(consumer: Consumer, ctx: PluginContext, health: ConnectionHealth, group: string) {
  const { GROUP_JOIN, FETCH, HEARTBEAT, CRASH, REBALANCING } = consumer.events;
  consumer.on(GROUP_JOIN, ({ payload }) => {
    health.up();
    ctx.log.info("kafka consumer joined the group", {
      group,
      member_id: payload.memberId,
      leader: payload.isLeader,
      assignment: payload.memberAssignment,
    });
  });
  consumer.on(FETCH, () => health.up());
  consumer.on(HEARTBEAT, () => health.up());
  consumer.on(REBALANCING, ({ payload }) => {
    ctx.log.info("kafka consumer group is rebalancing", { group, member_id: payload.memberId });
  });
  consumer.on(CRASH, ({ payload }) => {
    health.down(payload.error);
    const fields = { group, error: payload.error };
    if (payload.restart) ctx.log.warn("kafka consumer failed, restarting", fields);
    else ctx.log.error("kafka consumer stopped after a failure", fields);
  });
}
