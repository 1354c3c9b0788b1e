/**
 * Test plugin: provides the outbound resolver service with fixed answers from its `config.names`
 * (`{ "api.test": ["127.0.0.1"] }`), so end-to-end tests can use names that resolve to loopback
 * without DNS or `/etc/hosts`. Unknown names do not exist.
 *
 * @module
 */

import type { Plugin } from "../../../../mod.ts";
import { type Resolver, RESOLVER_SERVICE } from "../../../../capabilities/lib/outbound/mod.ts";

const plugin: Plugin = {
  name: "test-resolver",
  setup(ctx) {
    const names = (ctx.config.names ?? {}) as Record<string, string[]>;
    const resolver: Resolver = {
      addresses: (hostname) => Promise.resolve(names[hostname] ?? []),
      aliases: () => Promise.resolve([]),
    };
    ctx.provide(RESOLVER_SERVICE, resolver);
  },
};

export default plugin;
