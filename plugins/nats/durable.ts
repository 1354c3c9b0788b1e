/**
 * A NATS stream handler with `delivery.durable`: a JetStream durable pull consumer instead of a
 * core subscription, so messages published while no Stratos runs, or in flight when one dies,
 * are delivered again (at-least-once). Every process of the app pulls from the same consumer, so
 * they share the messages.
 *
 * Messages are pulled only as slots are free (at most `maxInFlight` at once, none waiting in a
 * buffer). Each runs the handler's steps; the server is kept from delivering it again while they
 * run. Then, by the delivery verdict: the result goes to `respondTo` and the message is
 * acknowledged; or it is given back to be delivered again after the growing backoff; or, after
 * the last attempt, the original message goes to the dead letter (through JetStream, confirmed,
 * when a stream captures that subject) before the error goes to `respondTo` and the message is
 * acknowledged. A message delivered more often than `maxDeliver` without an answer (the process
 * died, or took longer than the acknowledgement wait) is dead-lettered without running again.
 *
 * @module
 */

import {
  type Consumer,
  type ConsumerMessages,
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
  jetstreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import {
  Backoff,
  errorText,
  failedReply,
  type Handler,
  InFlight,
  judgeDelivery,
  type PluginContext,
  settlesWithin,
  type StreamReply,
} from "../../plugin.ts";
import { ensureConsumer, ensureStream, findStream } from "./jetstream_setup.ts";
import type { NatsSettings } from "./settings.ts";
import { type HandlerSubscription, publish, runSteps } from "./subscription.ts";

/** How long one pull request waits for messages, in ms (a stop ends it at once). */
const FETCH_EXPIRES_MS = 5000;

/** A running durable consumer. */
export interface DurableSubscription extends HandlerSubscription {
  /** The JetStream stream it reads. */
  readonly stream: string;
  /** Whether the stream was created at start. */
  readonly created: boolean;
}

/**
 * Sets up the stream and consumer of `handler` (which has `delivery.durable`) and starts
 * pulling.
 * @throws {Error} when JetStream is not available or the stream or consumer cannot be set up
 */
export async function consumeDurable(
  ctx: PluginContext,
  connection: NatsConnection,
  handler: Handler,
  settings: NatsSettings,
): Promise<DurableSubscription> {
  const subject = handler.resource;
  const durable = handler.delivery!.durable!;
  const jsm = await jetstreamManager(connection);
  const setUp = async () => {
    const found = await ensureStream(jsm, subject);
    await ensureConsumer(jsm, {
      stream: found.stream,
      durable,
      subject,
      ackWaitMs: settings.ackWaitMs,
    });
    return found;
  };
  const { stream, created } = await setUp();
  const js = jetstream(connection);
  const slots = new InFlight(settings.maxInFlight);
  const where: Where = { ctx, connection, js, jsm, handler, ackWaitMs: settings.ackWaitMs };
  const handle = (msg: JsMsg) =>
    deliver(where, msg).catch((error) =>
      ctx.log.error("failed to handle JetStream message", { subject, error })
    ).finally(() => slots.release());
  let stopped = false;
  let batch: ConsumerMessages | undefined;
  const wake = Promise.withResolvers<void>();
  const backoff = new Backoff({
    initialMs: settings.reconnectWaitMs,
    maxMs: settings.reconnectMaxWaitMs,
  });
  const pulling = (async () => {
    let consumer: Consumer | undefined;
    while (!stopped) {
      const wait = slots.acquire();
      if (wait) await wait;
      let reserved = 1;
      while (reserved < settings.maxInFlight && slots.tryAcquire()) reserved++;
      let received = 0;
      try {
        if (stopped) continue;
        consumer ??= await js.consumers.get(stream, durable);
        batch = await consumer.fetch({ max_messages: reserved, expires: FETCH_EXPIRES_MS });
        for await (const msg of batch) {
          received++;
          handle(msg);
        }
        backoff.reset();
      } catch (error) {
        if (stopped) continue;
        const waitMs = backoff.next();
        ctx.log.warn("JetStream pull failed, trying again", {
          subject,
          durable,
          error: errorText(error),
          retry_in_ms: waitMs,
        });
        await Promise.race([new Promise((resolve) => setTimeout(resolve, waitMs)), wake.promise]);
        // The stream or consumer may be gone (deleted, or a server that lost its data).
        consumer = undefined;
        if (!stopped) await setUp().catch(() => {}); // a failure shows in the next pull
      } finally {
        batch = undefined;
        for (let i = received; i < reserved; i++) slots.release();
      }
    }
  })();
  return {
    subject,
    stream,
    created,
    async stop(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      stopped = true;
      wake.resolve();
      await batch?.close().catch(() => {});
      await settlesWithin(pulling.catch(() => {}), timeoutMs);
      if (!await settlesWithin(slots.idle(), Math.max(0, deadline - Date.now()))) {
        ctx.log.warn("stopped with JetStream messages in flight; they come again", {
          subject,
          count: slots.count,
        });
      }
    },
  };
}

/** What a delivery needs. */
interface Where {
  ctx: PluginContext;
  connection: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  handler: Handler;
  ackWaitMs: number;
}

/** Runs one delivery of `msg` and answers, retries or dead-letters it. */
async function deliver(where: Where, msg: JsMsg): Promise<void> {
  const { ctx, connection, handler, ackWaitMs } = where;
  const delivery = handler.delivery!;
  const attempt = msg.info.deliveryCount;
  const source = `nats subject ${msg.subject}, stream ${msg.info.stream}, sequence ${msg.seq}`;
  const reply = attempt > delivery.maxDeliver && delivery.deadLetter !== undefined
    // Delivered again without an answer: the process stopped, or the steps outran the wait.
    ? failedReply(
      500,
      `not run again: ${attempt - 1} deliveries got no answer (the process stopped, or the ` +
        "acknowledgement came too late)",
    )
    : await runKeptAlive(ctx, handler, msg, ackWaitMs);
  const verdict = judgeDelivery(delivery, reply, attempt, source);
  if (verdict.action === "retry") return msg.nak(verdict.delayMs);
  if (verdict.action === "deadLetter") {
    try {
      await publishDeadLetter(where, delivery.deadLetter!, msg, verdict.headers);
    } catch (error) {
      ctx.log.error("failed to publish a NATS dead letter, delivering the message again", {
        subject: msg.subject,
        dead_letter: delivery.deadLetter,
        error,
      });
      return msg.nak(delivery.backoffMs);
    }
    ctx.log.error("NATS message dead-lettered", {
      subject: msg.subject,
      dead_letter: delivery.deadLetter,
      attempts: attempt,
    });
  }
  publish(ctx, connection, handler, undefined, reply);
  msg.ack();
}

/** Runs the steps, keeping the server from delivering the message again meanwhile. */
async function runKeptAlive(
  ctx: PluginContext,
  handler: Handler,
  msg: JsMsg,
  ackWaitMs: number,
): Promise<StreamReply> {
  const keepAlive = setInterval(() => msg.working(), Math.max(500, ackWaitMs / 2));
  try {
    return await runSteps(ctx, handler, msg);
  } finally {
    clearInterval(keepAlive);
  }
}

/**
 * Publishes the original message with `extra` headers to `subject`: through JetStream (the
 * server confirms it is stored) when a stream captures the subject, else as a core message.
 */
async function publishDeadLetter(
  where: Where,
  subject: string,
  msg: JsMsg,
  extra: Record<string, string>,
): Promise<void> {
  const headers = natsHeaders();
  for (const [name, values] of msg.headers ?? []) {
    for (const value of values) headers.append(name, value);
  }
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  if (await findStream(where.jsm, subject)) await where.js.publish(subject, msg.data, { headers });
  else where.connection.publish(subject, msg.data, { headers });
}
