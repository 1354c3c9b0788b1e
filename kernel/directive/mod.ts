/**
 * Loading Atmo-compatible Directives: YAML with source positions, every validation rule of Atmo
 * v0.4.7 (all problems at once, each with `file:line:col`), `env(NAME)` values, FQFNs, typed
 * queries and the resolved capability configuration.
 *
 * @module
 */

export {
  type DirectiveSource,
  loadDirective,
  type LoadedDirective,
  type LoadOptions,
} from "./load.ts";
export {
  DEFAULT_NAMESPACE,
  findRunnable,
  formatFQFN,
  type FQFNParts,
  headlessPath,
  parseFQFN,
  stateKey,
} from "./fqfn.ts";
export { DEFAULT_CAPABILITIES, defaultCapabilities } from "./capabilities.ts";
export { countQueryVars, inferQueryType } from "./queries.ts";
export { queryTypeCode } from "./query_type.ts";
export { isValidSemver } from "./semver.ts";
export type { EnvReader } from "./env.ts";
export type * from "./types.ts";
