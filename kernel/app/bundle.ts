/**
 * Atmo bundles (`runnables.wasm.zip`, reference §5.1), read with the well-kept `fflate`:
 * `Directive.yaml` at the root, one `<name>.wasm` per Runnable, and `static/**`. Other entries
 * are ignored.
 *
 * @module
 */

import { unzipSync } from "fflate";
import { StratosError } from "../errors.ts";
import type { AppSource, ModuleFile } from "./app_source.ts";
import { staticPath } from "./app_source.ts";

const decoder = new TextDecoder();

/** Opens a bundle from its bytes; `location` is the path shown in messages. */
export function openBundle(location: string, data: Uint8Array): AppSource {
  if (!location.endsWith(".wasm.zip")) {
    throw new StratosError(
      "STRATOS_ERR_BUNDLE_INVALID",
      `cannot load bundle ${location}, does not have .wasm.zip extension`,
    );
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data);
  } catch (error) {
    throw new StratosError(
      "STRATOS_ERR_BUNDLE_INVALID",
      `cannot read bundle ${location}: ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
  const directive = entries["Directive.yaml"];
  if (!directive) {
    throw new StratosError(
      "STRATOS_ERR_BUNDLE_INVALID",
      `bundle is missing Directive.yaml: ${location}`,
    );
  }
  const modules: ModuleFile[] = [];
  const statics = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith(".wasm") && !name.includes("/")) {
      modules.push({ name: name.slice(0, -".wasm".length), path: `${location}/${name}`, bytes });
    } else if (name.startsWith("static/") && !name.endsWith("/")) {
      const path = staticPath(name);
      if (path) statics.set(path, bytes);
    }
  }
  return {
    location,
    kind: "bundle",
    // Subo merges Queries.yaml into the bundled Directive, so there is nothing else to read.
    directive: { path: `${location}/Directive.yaml`, text: decoder.decode(directive) },
    modules,
    runnables: [],
    staticFile(name) {
      const path = staticPath(name);
      return path === undefined ? undefined : statics.get(path);
    },
  };
}
