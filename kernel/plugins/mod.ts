/**
 * The plugin kernel: manifests, discovery, selection, loading and the plugin contract.
 *
 * @module
 */

export { type RegisteredKind, requireDeclared } from "./declared.ts";
export { builtinManifests, manifestURL, referencedManifest } from "./discover.ts";
export { importPlugin, type LoadedPlugin } from "./load.ts";
export {
  type BuiltinPlugin,
  type LocatedManifest,
  parseManifest,
  type PluginManifest,
  type PluginProvides,
  validateManifest,
} from "./manifest.ts";
export {
  type AppUsage,
  isNeeded,
  loadRangeCheck,
  type RangeCheck,
  selectPlugins,
} from "./select.ts";
export {
  type ConnectionState,
  type ConnectionStatus,
  definePlugin,
  type HealthReport,
  type ModuleStats,
  type Plugin,
  type PluginContext,
  type PluginHooks,
} from "./types.ts";
