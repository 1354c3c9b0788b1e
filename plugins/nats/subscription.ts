/**
 * One NATS stream handler: a subscription to the handler's subject (in the queue group, if any)
 * whose messages run the handler's steps, at most `maxInFlight` at once. The result goes to
 * `respondTo` and to the message's reply subject (request-reply); a failure is the error JSON
 * with the `Stratos-Error: <status>` header.
 *
 * @module
 */

import type { Msg, NatsConnection } from "@nats-io/transport-node";
import {
  ERROR_HEADER,
  type Handler,
  InFlight,
  type PluginContext,
  runStreamMessage,
  settlesWithin,
  type StreamReply,
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
    reply(ctx, handler, msg)
      .then((result) => publish(ctx, connection, handler, msg, result))
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

/** What is published for a message: result or error JSON, and headers. */
type Outbound = Pick<StreamReply, "data" | "headers">;

/** Runs the steps; never rejects. */
async function reply(ctx: PluginContext, handler: Handler, msg: Msg): Promise<Outbound> {
  try {
    return await runStreamMessage(ctx, handler, {
      data: msg.data,
      headers: requestHeaders(msg.headers),
    });
  } catch (error) {
    ctx.log.error("failed to handle NATS message", { subject: msg.subject, error });
    return FAILED;
  }
}

/** The reply when running the steps threw (a bug, not a Runnable error). */
const FAILED: Outbound = {
  data: new TextEncoder().encode(
    JSON.stringify({ status: 500, message: "failed to handle message" }),
  ),
  headers: { [ERROR_HEADER]: "500", "Content-Type": "application/json" },
};

/** Publishes to `respondTo` and to the message's reply subject; never throws. */
function publish(
  ctx: PluginContext,
  connection: NatsConnection,
  handler: Handler,
  msg: Msg,
  outbound: Outbound,
): void {
  try {
    const headers = replyHeaders(outbound.headers);
    const options = headers ? { headers } : undefined;
    if (handler.respondTo) connection.publish(handler.respondTo, outbound.data, options);
    if (msg.reply) connection.publish(msg.reply, outbound.data, options);
  } catch (error) {
    ctx.log.error("failed to publish NATS reply", {
      subject: handler.respondTo ?? msg.reply,
      error,
    });
  }
}
