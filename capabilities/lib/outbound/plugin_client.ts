/**
 * What an outbound capability plugin (`fetch_url`, `graphql_query`) needs from its context: a
 * client for its rules with the app's auth configuration, the limits from the environment, the
 * resolver another plugin may provide, and cancellation of calls in flight when the runtime stops.
 *
 * @module
 */

import type { HTTPRules } from "../../../plugin.ts";
import type { PluginContext, PluginHooks } from "../../../plugin.ts";
import { OutboundClient } from "./client.ts";
import { outboundLimitsFromEnv } from "./limits.ts";
import { type Resolver, RESOLVER_SERVICE, systemResolver } from "./resolver.ts";

/** A capability's client and the hooks its plugin returns from `setup`. */
export interface PluginClient {
  /** The client. */
  client: OutboundClient;
  /** `start` picks the resolver service, `stop` cancels calls in flight. */
  hooks: PluginHooks;
}

/**
 * Builds the outbound client of a capability plugin whose rules are `rules`; `name` is its host
 * function, as traces name its calls.
 */
export function pluginClient(ctx: PluginContext, name: string, rules: HTTPRules): PluginClient {
  const stopping = new AbortController();
  let resolver: Resolver = systemResolver;
  const client = new OutboundClient({
    rules,
    auth: ctx.capabilities.auth,
    limits: outboundLimitsFromEnv(),
    signal: stopping.signal,
    name,
    // Services are complete only after every setup; the resolver is chosen in `start`.
    resolver: {
      addresses: (hostname) => resolver.addresses(hostname),
      aliases: (hostname) => resolver.aliases(hostname),
    },
  });
  return {
    client,
    hooks: {
      start() {
        resolver = ctx.service<Resolver>(RESOLVER_SERVICE) ?? systemResolver;
      },
      stop() {
        stopping.abort();
      },
    },
  };
}
