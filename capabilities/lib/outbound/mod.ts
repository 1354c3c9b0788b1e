/**
 * Outbound HTTP for Runnables, shared by the `fetch_url` and `graphql_query` capabilities: the
 * capability rules checked on resolved addresses, connections pinned to the addresses checked,
 * redirects followed hop by hop under the same rules, host-side auth headers for configured
 * domains only, redaction of secrets, and bounded time and size.
 *
 * @module
 */

export { type AuthConfig, authorizationFor, authorizationValue, authSecrets } from "./auth.ts";
export {
  DEFAULT_USER_AGENT,
  operation,
  OutboundClient,
  type OutboundClientOptions,
  OutboundError,
} from "./client.ts";
export type { OutboundRequest, OutboundResponse } from "./message.ts";
export { matchesDomain } from "./domain.ts";
export { respond } from "./host_call.ts";
export { type IpBytes, isIpLiteral, parseIp, parseIPv4, parseIPv6 } from "./ip.ts";
export { DEFAULT_OUTBOUND_LIMITS, type OutboundLimits, outboundLimitsFromEnv } from "./limits.ts";
export { type PluginClient, pluginClient } from "./plugin_client.ts";
export { isPublicAddress, isPublicBytes } from "./private_ranges.ts";
export { REDACTED, Redactor, secretSpellings } from "./redact.ts";
export { MAX_ALIASES, type Resolver, RESOLVER_SERVICE, systemResolver } from "./resolver.ts";
export {
  bareHostname,
  checkHop,
  effectivePort,
  ResolveError,
  RULE_ERRORS,
  RuleViolation,
  STANDARD_PORTS,
} from "./rules.ts";
export {
  BodyTooLargeError,
  HeaderError,
  type Hop,
  type HopOptions,
  type HopResponse,
  nodeTransport,
  type Transport,
} from "./transport.ts";
