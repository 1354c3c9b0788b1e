/**
 * An example third-party SOURCE plugin: Redis pub/sub. A Directive handler
 *
 * ```yaml
 * - type: stream
 *   source: redis-pubsub
 *   resource: greetings        # the channel to subscribe to
 *   respondTo: greetings.out   # where each result is published
 *   steps:
 *     - fn: hello
 * ```
 *
 * runs its steps for every message published on `resource` and publishes the result (or the
 * error JSON) on `respondTo`. The connection is opened at start with bounded attempts, reconnects
 * after outages with the toolkit's backoff (subscribing again), is reported on `GET /health` as
 * `redis-pubsub`, and on stop the plugin unsubscribes and finishes the messages in hand.
 *
 * The plugin uses nothing of Stratos but its plugin contract, imported as
 * `@stratos/runtime/plugin`, so the folder works wherever it is copied. Settings: `settings.ts`.
 *
 * @module
 */

import { ConnectionHealth, definePlugin } from "@stratos/runtime/plugin";
import { type ChannelSource, subscribeChannels } from "./channels.ts";
import { pubSubClients } from "./clients.ts";
import { readSettings } from "./settings.ts";

/** The source this plugin provides (its manifest's `provides.sources`). */
export const SOURCE = "redis-pubsub";

export default definePlugin({
  name: "redis-pubsub",
  setup(ctx) {
    // Replicas (--workers) and headless mode have no stream handlers: nothing to do there.
    const handlers = ctx.handlers(SOURCE);
    if (handlers.length === 0) return;
    const settings = readSettings({
      config: ctx.config,
      connection: ctx.directive.connections?.redis,
    });
    const health = new ConnectionHealth(settings.target.display);
    ctx.addConnection(SOURCE, health);
    const clients = pubSubClients(settings, health, ctx.log);
    let source: ChannelSource | undefined;
    return {
      async start() {
        if (!await clients.connect()) return; // stopped meanwhile
        source = await subscribeChannels(
          ctx,
          clients.subscriber,
          clients.publisher,
          handlers,
          settings.maxInFlight,
        );
        ctx.announce(
          `redis-pubsub: ${settings.target.display}, channels ${source.channels.join(", ")}`,
        );
      },
      async stop() {
        const deadline = Date.now() + settings.drainTimeoutMs;
        await source?.stop(settings.drainTimeoutMs);
        await clients.close(Math.max(0, deadline - Date.now()));
      },
    };
  },
});
