/**
 * `plugins:`, the Stratos extension listing third-party plugins by path or URL.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import type { RawDirective } from "./schema.ts";
import type { PluginReference } from "./types.ts";

/** Checks that each plugin names a path and that a `config` is a map; returns the references. */
export function checkPlugins(
  plugins: RawDirective["plugins"],
  context: CheckContext,
): PluginReference[] {
  const references: PluginReference[] = [];
  for (const [i, plugin] of (plugins ?? []).entries()) {
    const path = ["plugins", i];
    const noPath = `plugin at position ${i} has no path`;
    if (typeof plugin === "string") {
      if (plugin) references.push(plugin);
      else context.error(path, noPath);
    } else if (plugin && !plugin.path) {
      context.error([...path, "path"], noPath);
    } else if (plugin?.path) {
      const { path: reference, config } = plugin;
      if (config === undefined) references.push({ path: reference });
      else if (isMap(config)) references.push({ path: reference, config });
      else {context.error(
          [...path, "config"],
          `plugin at position ${i} has a config that is not a map`,
        );}
    }
  }
  return references;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
