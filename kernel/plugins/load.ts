/**
 * Importing a selected plugin's entry module and checking what it exports.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import type { LocatedManifest } from "./manifest.ts";
import type { Plugin } from "./types.ts";

/** A plugin module loaded together with its manifest. */
export interface LoadedPlugin {
  /** Where it came from and what it declared. */
  located: LocatedManifest;
  /** Its default export. */
  plugin: Plugin;
}

/**
 * Imports the entry of `located` (lazily: only selected plugins are imported).
 * @throws {StratosError} `STRATOS_ERR_PLUGIN_INVALID` if the module cannot be imported or does
 *   not default-export a plugin named like its manifest
 */
export async function importPlugin(located: LocatedManifest): Promise<LoadedPlugin> {
  const { manifest } = located;
  const url = new URL(manifest.entry, located.url);
  const fail = (message: string, cause?: unknown): never => {
    throw new StratosError(
      "STRATOS_ERR_PLUGIN_INVALID",
      `plugin '${manifest.name}' (${url.href}): ${message}`,
      { cause },
    );
  };
  let module: Record<string, unknown>;
  try {
    module = (await (located.load ? located.load() : import(url.href))) as Record<string, unknown>;
  } catch (error) {
    return fail(`cannot import entry: ${error instanceof Error ? error.message : error}`, error);
  }
  const plugin = module.default as Plugin | undefined;
  if (typeof plugin !== "object" || plugin === null) {
    return fail("entry has no default export (export default definePlugin({...}))");
  }
  if (plugin.name !== manifest.name) {
    fail(`entry exports a plugin named '${plugin.name}', but plugin.json says '${manifest.name}'`);
  }
  if (typeof plugin.setup !== "function") fail("'setup' must be a function");
  return { located, plugin };
}
