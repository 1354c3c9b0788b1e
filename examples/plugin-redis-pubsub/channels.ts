/**
 * The source: a subscription to every channel a `redis-pubsub` handler names. Each message runs
 * the steps of every handler of its channel (at most `maxInFlight` at once, the others wait in
 * arrival order), and the result is published to the handler's `respondTo`: the result bytes,
 * or on failure Stratos's error JSON `{"status":N,"message":"..."}` (pub/sub has no headers).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import {
  errorText,
  failure,
  type Handler,
  InFlight,
  type PluginContext,
  runStreamMessage,
  settlesWithin,
} from "@stratos/runtime/plugin";

/** What the source needs of the subscriber connection (an ioredis client has it). */
export interface Subscriber {
  /** Delivers each message with its channel, as bytes. */
  on(event: "messageBuffer", listener: (channel: Buffer, message: Buffer) => void): unknown;
  /** Subscribes; resolves once the server confirmed. */
  subscribe(...channels: string[]): Promise<unknown>;
  /** Unsubscribes; resolves once the server confirmed (every message it sent before is here). */
  unsubscribe(...channels: string[]): Promise<unknown>;
}

/** What the source needs of the publisher connection (an ioredis client has it). */
export interface Publisher {
  /** Publishes `message` on `channel`. */
  publish(channel: string, message: Buffer): Promise<unknown>;
}

/** A running source. */
export interface ChannelSource {
  /** The channels subscribed to. */
  readonly channels: readonly string[];
  /**
   * Unsubscribes, then waits, at most `timeoutMs` in all, until every message in hand has been
   * handled and its result published.
   */
  stop(timeoutMs: number): Promise<void>;
}

/** The reply when running the steps threw (a bug, not a Runnable's error). */
const FAILED = failure(500, "failed to handle message").body;

/** Subscribes to the channels of `handlers` (`redis-pubsub` stream handlers). */
export async function subscribeChannels(
  ctx: PluginContext,
  subscriber: Subscriber,
  publisher: Publisher,
  handlers: readonly Handler[],
  maxInFlight: number,
): Promise<ChannelSource> {
  const byChannel = new Map<string, Handler[]>();
  for (const handler of handlers) {
    byChannel.set(handler.resource, [...byChannel.get(handler.resource) ?? [], handler]);
  }
  const slots = new InFlight(maxInFlight);
  const handle = (handler: Handler, data: Uint8Array) => {
    reply(ctx, handler, data)
      .then((result) => publish(ctx, publisher, handler, result))
      .finally(() => slots.release());
  };
  subscriber.on("messageBuffer", (channel, message) => {
    for (const handler of byChannel.get(channel.toString()) ?? []) {
      const wait = slots.acquire();
      if (wait) wait.then(() => handle(handler, message));
      else handle(handler, message);
    }
  });
  const channels = [...byChannel.keys()];
  await subscriber.subscribe(...channels);
  return {
    channels,
    async stop(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      await settlesWithin(subscriber.unsubscribe(...channels), timeoutMs);
      if (!await settlesWithin(slots.idle(), Math.max(0, deadline - Date.now()))) {
        ctx.log.warn("stopped with Redis messages still in flight", { count: slots.count });
      }
    },
  };
}

/** Runs the handler's steps on a message; the result or error JSON. Never rejects. */
async function reply(ctx: PluginContext, handler: Handler, data: Uint8Array): Promise<Uint8Array> {
  try {
    return (await runStreamMessage(ctx, handler, { data })).data;
  } catch (error) {
    ctx.log.error("failed to handle Redis message", { channel: handler.resource, error });
    return FAILED;
  }
}

/** Publishes `data` to the handler's `respondTo`, if it has one. Never rejects. */
async function publish(
  ctx: PluginContext,
  publisher: Publisher,
  handler: Handler,
  data: Uint8Array,
): Promise<void> {
  if (handler.respondTo === undefined) return;
  try {
    await publisher.publish(
      handler.respondTo,
      Buffer.from(data.buffer, data.byteOffset, data.length),
    );
  } catch (error) {
    ctx.log.error("failed to publish a Redis result", {
      channel: handler.respondTo,
      error: errorText(error),
    });
  }
}
