/**
 * The NATS plugin: the `connections.nats` connection and the `nats` stream source.
 *
 * Each `type: stream, source: nats` handler subscribes to its `resource` subject in a queue group
 * (by default the Directive's identifier, so N Stratos processes share the work and each message
 * is handled once), runs its steps per message (at most `maxInFlight` at once) and publishes the
 * result to `respondTo` and to the message's reply subject. A handler with `delivery.durable`
 * reads a JetStream durable consumer instead (`durable.ts`: at-least-once, retries, dead letter).
 * The connection is opened at start with bounded retries, reconnects forever with backoff, and is
 * reported on `GET /health` as `nats`. Settings: see `settings.ts` (`STRATOS_NATS_*`).
 *
 * @module
 */

import {
  ConnectionHealth,
  definePlugin,
  errorText,
  type Handler,
  type PluginContext,
  readEnv,
  StratosError,
} from "../../plugin.ts";
import type { NatsConnection } from "@nats-io/transport-node";
import { type NatsLink, openConnection } from "./connection.ts";
import { consumeDurable } from "./durable.ts";
import { type NatsSettings, readSettings } from "./settings.ts";
import { type HandlerSubscription, subscribeHandler } from "./subscription.ts";

export default definePlugin({
  name: "nats",
  setup(ctx) {
    const serverAddress = ctx.directive.connections?.nats?.serverAddress;
    if (serverAddress === undefined) return; // the Directive loader requires it for nats handlers
    // Stream handlers run in the primary isolate only: a replica (--workers) needs no connection.
    if (ctx.link?.role === "replica") return;
    const settings = readSettings({
      serverAddress,
      identifier: ctx.directive.identifier,
      config: ctx.config,
      env: readEnv,
    });
    const health = new ConnectionHealth(settings.address.display);
    ctx.addConnection("nats", health);
    const group = settings.queueGroup ? `queue group ${settings.queueGroup}` : "no queue group";
    ctx.announce(() =>
      health.state === "up"
        ? `nats: connected to ${settings.address.display}, ${group}`
        : `nats: ${settings.address.display}, ${health.state}`
    );
    const handlers = ctx.handlers("nats");
    let link: NatsLink | undefined;
    const subscriptions: HandlerSubscription[] = [];
    return {
      async start() {
        const opened = await openConnection(
          settings,
          health,
          ctx.log,
          `stratos ${ctx.directive.identifier}`,
        );
        if (opened === undefined) return; // stopped meanwhile
        if (health.state === "closed") return await opened.close(settings.drainTimeoutMs, false);
        link = opened;
        const { connection } = link;
        for (const handler of handlers) {
          subscriptions.push(await subscribe(ctx, connection, handler, settings));
        }
        await connection.flush(); // the server knows every subscription once start returns
      },
      async stop() {
        const deadline = Date.now() + settings.drainTimeoutMs;
        const left = () => Math.max(0, deadline - Date.now());
        const drain = health.state === "up"; // else there is nothing to drain from
        health.close(); // from now on: no more attempts to connect, and /health says so
        await Promise.all(subscriptions.map((s) => s.stop(left(), drain)));
        await link?.close(left(), drain);
      },
    };
  },
});

/**
 * Subscribes one handler: a core subscription, or a JetStream durable consumer.
 * @throws {StratosError} `STRATOS_ERR_NATS_JETSTREAM` when the consumer cannot be set up
 */
async function subscribe(
  ctx: PluginContext,
  connection: NatsConnection,
  handler: Handler,
  settings: NatsSettings,
): Promise<HandlerSubscription> {
  const durable = handler.delivery?.durable;
  if (durable === undefined) return subscribeHandler(ctx, connection, handler, settings);
  try {
    const consumer = await consumeDurable(ctx, connection, handler, settings);
    const stream = `${consumer.created ? "new " : ""}stream ${consumer.stream}`;
    ctx.announce(`nats: ${handler.resource} from JetStream ${stream}, durable ${durable}`);
    return consumer;
  } catch (error) {
    throw new StratosError(
      "STRATOS_ERR_NATS_JETSTREAM",
      `cannot set up the JetStream durable consumer ${durable} for subject ${handler.resource} ` +
        `at ${settings.address.display}: ${errorText(error)}`,
      { cause: error },
    );
  }
}
