/**
 * One NATS stream handler: a subscription to the handler's subject (in the queue group, if any)
 * whose messages run the handler's steps, at most `maxInFlight` at once. The result goes to
 * `respondTo` and to the message's reply subject (request-reply); a failure is the error JSON
 * with the `Stratos-Error: <status>` header.
 *
 * @module
 */

import type { Msg, MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import {
  type Handler,
  InFlight,
  type PluginContext,
  runStreamMessage,
  settlesWithin,
  type StreamReply,
  unhandledReply,
} from "../../plugin.ts";
import { replyHeaders, requestHeaders } from "./headers.ts";

/** A running handler subscription. */
export interface HandlerSubscription {
  /** The subject. */
  readonly subject: string;
  /**
   * Unsubscribes, draining when `drain` is set (the server's acknowledgement proves every
   * message sent before is here), and waits, at most `timeoutMs` in all, for the messages in
   * flight.
   */
  stop(timeoutMs: number, drain: boolean): Promise<void>;
}

/** Subscribes `handler` (a `nats` stream handler) on `connection`. */
export function subscribeHandler(
  ctx: PluginContext,
  connection: NatsConnection,
  handler: Handler,
  options: { queueGroup: string | undefined; maxInFlight: number },
): HandlerSubscription {
  const subject = handler.resource;
  const slots = new InFlight(options.maxInFlight);
  const handle = (msg: Msg) => {
    runSteps(ctx, handler, msg)
      .then((result) => publish(ctx, connection, handler, msg.reply, result))
      .finally(() => slots.release());
  };
  // A callback, not the async iterator: no Promise per message on the way in. Messages past
  // the limit wait for a slot in arrival order.
  const subscription = connection.subscribe(subject, {
    ...(options.queueGroup === undefined ? {} : { queue: options.queueGroup }),
    callback(error, msg) {
      if (error) return ctx.log.warn("NATS subscription error", { subject, error: error.message });
      const wait = slots.acquire();
      if (wait) wait.then(() => handle(msg));
      else handle(msg);
    },
  });
  return {
    subject,
    async stop(timeoutMs, drain) {
      const deadline = Date.now() + timeoutMs;
      if (drain && !connection.isClosed() && !subscription.isClosed()) {
        await settlesWithin(subscription.drain(), timeoutMs);
      }
      try {
        subscription.unsubscribe(); // not drained, or draining timed out
      } catch { /* already closed */ }
      if (!await settlesWithin(slots.idle(), Math.max(0, deadline - Date.now()))) {
        ctx.log.warn("stopped with NATS messages still in flight", { subject, count: slots.count });
      }
    },
  };
}

/**
 * Runs the steps for a message (its payload and headers); never rejects: a bug is answered like
 * a 500, which counts as a failed delivery.
 */
export async function runSteps(
  ctx: PluginContext,
  handler: Handler,
  msg: { subject: string; data: Uint8Array; headers?: MsgHdrs },
): Promise<StreamReply> {
  try {
    return await runStreamMessage(ctx, handler, {
      data: msg.data,
      headers: requestHeaders(msg.headers),
    });
  } catch (error) {
    ctx.log.error("failed to handle NATS message", { subject: msg.subject, error });
    return unhandledReply();
  }
}

/** Publishes to `respondTo` and to `replyTo` (the message's reply subject), if any; never throws. */
export function publish(
  ctx: PluginContext,
  connection: NatsConnection,
  handler: Handler,
  replyTo: string | undefined,
  outbound: Pick<StreamReply, "data" | "headers">,
): void {
  try {
    const headers = replyHeaders(outbound.headers);
    const options = headers ? { headers } : undefined;
    if (handler.respondTo) connection.publish(handler.respondTo, outbound.data, options);
    if (replyTo) connection.publish(replyTo, outbound.data, options);
  } catch (error) {
    ctx.log.error("failed to publish NATS reply", {
      subject: handler.respondTo ?? replyTo,
      error,
    });
  }
}
