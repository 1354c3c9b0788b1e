/**
 * Name resolution for outbound requests. The rules are checked on what a name resolves to, and
 * the connection then goes to one of exactly those addresses (see `transport.ts`), so the
 * resolver is asked once per request hop and its answer is never looked up again.
 *
 * The default, {@link systemResolver}, asks the operating system (`getaddrinfo`: `/etc/hosts`,
 * then DNS), as any other client on the machine would, and DNS directly for CNAME records. A plugin
 * may offer another {@link Resolver} as the service {@link RESOLVER_SERVICE} (service discovery,
 * DNS over HTTPS, or a fake one in tests).
 *
 * @module
 */

import { lookup } from "node:dns/promises";

/** Resolves host names for outbound requests. */
export interface Resolver {
  /**
   * The IPv4 and IPv6 addresses `hostname` resolves to, in the order to try them; empty when the
   * name does not exist. Other failures reject.
   */
  addresses(hostname: string): Promise<string[]>;
  /**
   * The names `hostname` is an alias of (its CNAME chain, nearest first), empty when it has none.
   * Lookup failures count as "none", as in Atmo.
   */
  aliases(hostname: string): Promise<string[]>;
}

/** Name of the service through which a plugin may replace the resolver. */
export const RESOLVER_SERVICE = "outbound.resolver";

/** Longest CNAME chain followed. */
export const MAX_ALIASES = 8;

const NOT_FOUND = new Set(["ENOTFOUND", "ENODATA", "EAI_NONAME", "EAI_NODATA"]);

/** The operating system's resolver for addresses, and DNS for CNAME records. */
export const systemResolver: Resolver = {
  async addresses(hostname) {
    try {
      const found = await lookup(hostname, { all: true, verbatim: true });
      return found.map((entry) => entry.address);
    } catch (error) {
      if (NOT_FOUND.has((error as { code?: string }).code ?? "")) return [];
      throw error;
    }
  },
  async aliases(hostname) {
    const chain: string[] = [];
    let name = hostname;
    while (chain.length < MAX_ALIASES) {
      const targets = await Deno.resolveDns(name, "CNAME").catch(() => []);
      if (targets.length === 0) break;
      name = targets[0].toLowerCase();
      if (chain.includes(name)) break;
      chain.push(name);
    }
    return chain;
  },
};
