/**
 * `plugin.json`: what a plugin is, which kernel it needs, what it depends on and what it
 * provides (so the kernel can decide whether an app needs it without importing it).
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/**
 * What a plugin provides; the kernel loads a built-in plugin only if an app uses one of these.
 * What `setup` registers must be listed here: `registerHostFunction` and `provide` refuse names
 * missing from `hostFunctions` and `services`.
 */
export interface PluginProvides {
  /** Host functions (module `env` imports) it registers; loaded when a module imports one. */
  hostFunctions?: string[];
  /**
   * Handler sources: `request` (HTTP handlers), `server` (WebSocket streams), `nats`, `kafka`,
   * `schedule` (the Directive has schedules), `headless` (headless mode), or a stream source of
   * the plugin's own, which Directive handlers then name as `source:`.
   */
  sources?: string[];
  /** Directive `connections:` keys (`nats`, `kafka`, `redis`, `database`). */
  connections?: string[];
  /** Services it offers to other plugins through `ctx.provide`. */
  services?: string[];
}

/** A validated `plugin.json`. */
export interface PluginManifest {
  /** Unique plugin name. */
  name: string;
  /** Plugin version (semver). */
  version: string;
  /** Kernel versions supported (semver range, e.g. `^1`). */
  kernel: string;
  /** One-line description. */
  description?: string;
  /** Module exporting the plugin (default export), relative to the manifest. */
  entry: string;
  /** Names of plugins that must be loaded (and set up) before this one. */
  dependencies?: string[];
  /** What it provides. */
  provides?: PluginProvides;
  /** Load whatever the app contains. */
  always?: boolean;
}

/** A manifest together with where it was read from. */
export interface LocatedManifest {
  /** The manifest. */
  manifest: PluginManifest;
  /** URL of the `plugin.json` (file: or https:). */
  url: URL;
  /** Whether it ships with Stratos (loaded on demand) or was named by the user (always loaded). */
  builtin: boolean;
  /** Options given with the reference (`plugins: [{path, config}]`). */
  config: Record<string, unknown>;
  /** Imports the entry module (built-ins: a static import bundlers can see). */
  load?: () => Promise<unknown>;
}

/**
 * A plugin shipped with Stratos. The list of built-ins is generated
 * (`scripts/codegen/builtin_plugins.ts`) with literal import specifiers, so `deno compile` and bundlers
 * include every built-in, and the kernel still imports only the ones an app needs.
 */
export interface BuiltinPlugin {
  /** The content of its `plugin.json`. */
  manifest: unknown;
  /** Where its `plugin.json` is. */
  url: URL;
  /** Imports its entry module. */
  load(): Promise<unknown>;
}

const KEYS = new Set([
  "name",
  "version",
  "kernel",
  "description",
  "entry",
  "dependencies",
  "provides",
  "always",
]);
const PROVIDES_KEYS = new Set(["hostFunctions", "sources", "connections", "services"]);

/**
 * Parses and validates a manifest's JSON text.
 * @throws {StratosError} `STRATOS_ERR_PLUGIN_MANIFEST_INVALID` naming the file and the field
 */
export function parseManifest(text: string, where: string): PluginManifest {
  const fail = (message: string): never => {
    throw new StratosError("STRATOS_ERR_PLUGIN_MANIFEST_INVALID", `${where}: ${message}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  return validateManifest(data, where);
}

/**
 * Validates a parsed manifest.
 * @throws {StratosError} `STRATOS_ERR_PLUGIN_MANIFEST_INVALID` naming the file and the field
 */
export function validateManifest(data: unknown, where: string): PluginManifest {
  const fail = (message: string): never => {
    throw new StratosError("STRATOS_ERR_PLUGIN_MANIFEST_INVALID", `${where}: ${message}`);
  };
  if (!isObject(data)) return fail("expected a JSON object");
  for (const key of Object.keys(data)) if (!KEYS.has(key)) fail(`unknown field '${key}'`);
  for (const key of ["name", "version", "kernel", "entry"]) {
    if (typeof data[key] !== "string" || data[key] === "") {
      fail(`'${key}' must be a non-empty string`);
    }
  }
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(data.name as string)) {
    fail(`'name' must be lower-case letters, digits, '.', '_' or '-': found '${data.name}'`);
  }
  if (data.dependencies !== undefined && !isStringList(data.dependencies)) {
    fail("'dependencies' must be a list of plugin names");
  }
  if (data.always !== undefined && typeof data.always !== "boolean") {
    fail("'always' must be true or false");
  }
  if (data.provides !== undefined) {
    if (!isObject(data.provides)) fail("'provides' must be an object");
    for (const [key, value] of Object.entries(data.provides as Record<string, unknown>)) {
      if (!PROVIDES_KEYS.has(key)) fail(`unknown field 'provides.${key}'`);
      if (!isStringList(value)) fail(`'provides.${key}' must be a list of strings`);
    }
  }
  return data as unknown as PluginManifest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
