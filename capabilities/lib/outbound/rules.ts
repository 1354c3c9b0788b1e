/**
 * The `capabilities.http.rules` / `capabilities.graphql.rules` check, with Atmo's order and error
 * strings, applied to one request hop.
 *
 * Unlike Atmo, the check also returns the addresses it approved: the caller connects to one of
 * those and nothing else, so a name that resolves differently a moment later (DNS rebinding)
 * cannot move the connection into a refused range. The host is checked as the WHATWG URL parser
 * normalised it, so `http://2130706433/`, `http://0x7f.1/` and `http://127.1/` are the IP
 * address 127.0.0.1 here (refused by `allowIPs: false` and by `allowPrivate: false`).
 *
 * @module
 */

import type { HTTPRules } from "../../../plugin.ts";
import { matchesDomain } from "./domain.ts";
import { isIpLiteral } from "./ip.ts";
import { isPublicAddress } from "./private_ranges.ts";
import type { Resolver } from "./resolver.ts";

/** Atmo's rule errors, word for word. */
export const RULE_ERRORS = {
  http: "requests to insecure HTTP endpoints is disallowed",
  ips: "requests to IP addresses are disallowed",
  private: "requests to private IP address ranges are disallowed",
  domain: "requests to this domain are disallowed",
  port: "requests to this port are disallowed",
} as const;

/** A request the rules refuse; the message is one of {@link RULE_ERRORS}. */
export class RuleViolation extends Error {
  /** @param message the rule's error */
  constructor(message: string) {
    super(message);
    this.name = "RuleViolation";
  }
}

/** The host could not be resolved (it does not exist, or the lookup failed). */
export class ResolveError extends Error {
  /**
   * @param hostname the name looked up
   * @param reason `no such host`, or what the resolver said
   */
  constructor(readonly hostname: string, readonly reason: string) {
    super(`lookup ${hostname}: ${reason}`);
    this.name = "ResolveError";
  }
}

/** Ports always allowed once an allow- or block-list of ports is configured. */
export const STANDARD_PORTS: readonly number[] = [80, 443];

/** The URL's port, or the scheme's default. */
export function effectivePort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** The URL's host name without the brackets of an IPv6 literal. */
export function bareHostname(url: URL): string {
  const host = url.hostname;
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function portAllowed(rules: HTTPRules, port: number): boolean {
  if (rules.allowedPorts.length + rules.blockedPorts.length === 0) return true;
  if (rules.blockedPorts.includes(port)) return false;
  return STANDARD_PORTS.includes(port) || rules.allowedPorts.includes(port);
}

/** Resolves when `promise` does, or rejects with the signal's reason once it aborts. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/** Addresses found, or why the lookup failed (then `addresses` is empty). */
interface Lookup {
  addresses: string[];
  error?: string;
}

async function lookupAddresses(
  hostname: string,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<Lookup> {
  if (isIpLiteral(hostname)) return { addresses: [hostname] };
  try {
    return { addresses: await abortable(resolver.addresses(hostname), signal) };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { addresses: [], error: (error as { code?: string }).code ?? String(error) };
  }
}

/**
 * Checks one request hop against `rules` and returns the addresses it may connect to.
 *
 * Order, as in Atmo: `allowHTTP`, ports, `allowIPs`, then for the host and the names it is an
 * alias of (CNAME): `allowPrivate` (`localhost` in the name, or any resolved address not public),
 * then `allowedDomains` (decided by the URL's own host) or else `blockedDomains` (any of the names).
 *
 * @throws {RuleViolation} when a rule refuses the hop
 * @throws {ResolveError} when the host has no address, or its lookup failed
 */
export async function checkHop(
  url: URL,
  rules: HTTPRules,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<string[]> {
  if (!rules.allowHTTP && url.protocol === "http:") throw new RuleViolation(RULE_ERRORS.http);
  if (!portAllowed(rules, effectivePort(url))) throw new RuleViolation(RULE_ERRORS.port);
  const hostname = bareHostname(url);
  const literal = isIpLiteral(hostname);
  if (!rules.allowIPs && literal) throw new RuleViolation(RULE_ERRORS.ips);

  // Decided before any lookup (the loop below would refuse it first anyway).
  if (!rules.allowPrivate && hostname.includes("localhost")) {
    throw new RuleViolation(RULE_ERRORS.private);
  }

  const allowed = rules.allowedDomains.map((d) => d.toLowerCase());
  const blocked = rules.blockedDomains.map((d) => d.toLowerCase());
  const needAliases = !literal && (!rules.allowPrivate || (!allowed.length && blocked.length > 0));
  const aliases = needAliases ? await abortable(resolver.aliases(hostname), signal) : [];
  const found = await lookupAddresses(hostname, resolver, signal);

  for (const [i, host] of [hostname, ...aliases].entries()) {
    if (!rules.allowPrivate) {
      if (host.includes("localhost")) throw new RuleViolation(RULE_ERRORS.private);
      if (i === 0 && found.error) throw new ResolveError(hostname, found.error);
      if (i === 0 && !found.addresses.every(isPublicAddress)) {
        throw new RuleViolation(RULE_ERRORS.private);
      }
    }
    if (allowed.length > 0) {
      if (allowed.some((pattern) => matchesDomain(pattern, host))) break;
      throw new RuleViolation(RULE_ERRORS.domain);
    }
    if (blocked.some((pattern) => matchesDomain(pattern, host))) {
      throw new RuleViolation(RULE_ERRORS.domain);
    }
  }
  if (found.error) throw new ResolveError(hostname, found.error);
  if (found.addresses.length === 0) throw new ResolveError(hostname, "no such host");
  return found.addresses;
}
