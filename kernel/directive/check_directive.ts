/**
 * Checks a decoded Directive with every rule of Atmo's `Directive.Validate` plus
 * the Stratos additions, and assembles the typed Directive and its capability configuration.
 *
 * @module
 */

import { checkAuthDomains } from "./authentication.ts";
import { resolveCapabilities } from "./capabilities.ts";
import type { CheckContext } from "./check_context.ts";
import { checkConnections, resolveConnections } from "./connections.ts";
import { type EnvReader, envResolver } from "./env.ts";
import { closestRunnable, findRunnable } from "./fqfn.ts";
import { checkHandlers } from "./handlers.ts";
import { checkIdentity } from "./identity.ts";
import { checkPlugins } from "./plugins.ts";
import { checkQueries, type QuerySource } from "./queries.ts";
import { checkRoutes } from "./routes.ts";
import { buildRunnables, checkRunnables, runnableEntries } from "./runnables.ts";
import { checkSchedules } from "./schedules.ts";
import type { RawDirective } from "./schema.ts";
import type { CapabilityConfig, Directive, Runnable } from "./types.ts";

/** Everything a Directive is checked with. */
export interface DirectiveInput {
  /** The decoded `Directive.yaml`. */
  raw: RawDirective;
  /** Reports problems in `Directive.yaml`. */
  context: CheckContext;
  /** The queries of the Directive then of `Queries.yaml`, numbered in that order (with holes). */
  queries: (QuerySource | undefined)[];
  /** Runnables found in the project folder, used when the Directive lists none. */
  discovered: Runnable[];
  /** Reads environment variables for `env(NAME)`; `false`: not known here (see `LoadOptions`). */
  env: EnvReader | false;
  /** Whether a plugin provides a stream source other than `nats` and `kafka`. */
  providedSource?(source: string): boolean;
}

/** The typed Directive and its capabilities; meaningful only if no error was reported. */
export function checkDirective(input: DirectiveInput): {
  directive: Directive;
  capabilities: CapabilityConfig;
} {
  const { raw, context } = input;
  const identity = checkIdentity(raw, context);
  const entries = runnableEntries(raw.runnables, input.discovered);
  checkRunnables(entries, context);
  const runnables = buildRunnables(entries, identity.identifier, identity.appVersion);
  // With no Runnable at all, "no functions listed" is the one cause of every unknown fn.
  const find = Object.assign(
    (fn: string) => runnables.length === 0 ? null : findRunnable({ ...identity, runnables }, fn),
    { closest: (fn: string) => closestRunnable(runnables, fn) },
  );
  const resolve = envResolver(input.env, context);

  checkConnections(raw.connections, context);
  const connections = resolveConnections(raw.connections, resolve);
  const domains = checkAuthDomains(raw.authentication?.domains, context, resolve);
  const handlers = checkHandlers(
    raw.handlers,
    { connections, find, providedSource: input.providedSource },
    context,
  );
  checkRoutes(raw.handlers, context);
  const schedules = checkSchedules(raw.schedules, find, context);
  const literalDatabase = raw.connections?.database;
  const queries = checkQueries(input.queries, {
    configured: literalDatabase !== undefined,
    type: literalDatabase?.type,
  });
  const plugins = checkPlugins(raw.plugins, context);
  const database = connections?.database && {
    ...connections.database,
    literalConnectionString: literalDatabase?.connectionString ?? "",
  };
  const capabilities = resolveCapabilities(
    raw.capabilities,
    { authDomains: domains, redis: connections?.redis, database, queries },
    context,
    resolve,
  );

  const directive: Directive = { ...identity, runnables };
  if (raw.headless !== undefined) directive.headless = raw.headless;
  if (connections) directive.connections = connections;
  if (raw.authentication) directive.authentication = { domains };
  if (raw.capabilities) directive.capabilities = presentCapabilities(raw, capabilities);
  if (raw.handlers) directive.handlers = handlers;
  if (raw.schedules) directive.schedules = schedules;
  if (input.queries.length > 0) directive.queries = queries;
  if (raw.plugins) directive.plugins = plugins;
  return { directive, capabilities };
}

/** The resolved capabilities whose key the Directive's `capabilities:` has. */
function presentCapabilities(
  raw: RawDirective,
  capabilities: CapabilityConfig,
): Partial<CapabilityConfig> {
  const keys = Object.keys(raw.capabilities ?? {}) as (keyof CapabilityConfig)[];
  return Object.fromEntries(keys.map((key) => [key, capabilities[key]]));
}
