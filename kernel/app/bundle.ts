/**
 * Atmo bundles (`runnables.wasm.zip`): `Directive.yaml` at the root, one `<name>.wasm` per
 * Runnable, and `static/**`. Other entries are ignored.
 *
 * A bundle may be hostile, so it is read in this order: the central directory (no inflating),
 * the limits on the declared sizes, duplicate names, then each used entry inflated with its real
 * output held to its declared size. Small static files stay inflated in memory; larger ones (and
 * any past a memory budget) are checked once at start and inflated again from the compressed
 * bytes on each read, so a bundle of large files costs its compressed size, not its inflated one.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import type { AppSource, ModuleFile } from "./app_source.ts";
import { staticPath } from "./app_source.ts";
import { type BundleLimits, checkDeclaredSizes, DEFAULT_BUNDLE_LIMITS } from "./bundle_limits.ts";
import { zipEntries, type ZipEntry } from "./zip_entries.ts";
import { checkedEntryBytes, checkEntry, entryBytes } from "./zip_inflate.ts";

/** Largest static file kept inflated in memory. */
const KEEP_FILE_BYTES = 1024 * 1024;
/** Most bytes of inflated static files kept in memory together. */
const KEEP_TOTAL_BYTES = 64 * 1024 * 1024;

const decoder = new TextDecoder();

/** The key an entry is loaded under: static files by their normalised path, others by name. */
function loadedName(name: string): string {
  if (!name.startsWith("static/") || name.endsWith("/")) return name;
  const path = staticPath(name);
  return path === undefined ? name : `static/${path}`;
}

/** Refuses two entries that are, or load as, the same file. */
function checkDuplicates(location: string, entries: readonly ZipEntry[]): void {
  const seen = new Map<string, string>();
  for (const { name } of entries) {
    const key = loadedName(name);
    const first = seen.get(key);
    if (first !== undefined) {
      const as = first === name ? "" : ` (the first as '${first}')`;
      throw new StratosError(
        "STRATOS_ERR_BUNDLE_INVALID",
        `bundle ${location}: entry '${name}' appears twice${as}, so which one loads is unclear`,
      );
    }
    seen.set(key, name);
  }
}

/**
 * Opens a bundle from its bytes; `location` is the path shown in messages.
 * @throws StratosError `STRATOS_ERR_BUNDLE_LIMIT` past `limits`, `STRATOS_ERR_BUNDLE_INVALID`
 * for anything else wrong with the archive
 */
export function openBundle(
  location: string,
  data: Uint8Array,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): AppSource {
  if (!location.endsWith(".wasm.zip")) {
    throw new StratosError(
      "STRATOS_ERR_BUNDLE_INVALID",
      `cannot load bundle ${location}, does not have .wasm.zip extension`,
    );
  }
  const entries = zipEntries(location, data);
  checkDeclaredSizes(location, entries, limits);
  checkDuplicates(location, entries);
  const directive = entries.find((entry) => entry.name === "Directive.yaml");
  if (!directive) {
    throw new StratosError(
      "STRATOS_ERR_BUNDLE_INVALID",
      `bundle is missing Directive.yaml: ${location}`,
    );
  }
  const modules: ModuleFile[] = [];
  const statics = new Map<string, Uint8Array | ZipEntry>();
  let kept = 0;
  for (const entry of entries) {
    const { name } = entry;
    if (name.endsWith(".wasm") && !name.includes("/")) {
      const bytes = entryBytes(location, entry);
      modules.push({ name: name.slice(0, -".wasm".length), path: `${location}/${name}`, bytes });
    } else if (name.startsWith("static/") && !name.endsWith("/")) {
      const path = staticPath(name);
      if (path === undefined) continue;
      const keep = entry.method === 0 ||
        (entry.size <= KEEP_FILE_BYTES && kept + entry.size <= KEEP_TOTAL_BYTES);
      if (keep) {
        statics.set(path, entryBytes(location, entry));
        if (entry.method !== 0) kept += entry.size;
      } else {
        checkEntry(location, entry);
        statics.set(path, entry);
      }
    }
  }
  return {
    location,
    kind: "bundle",
    // Subo merges Queries.yaml into the bundled Directive, so there is nothing else to read.
    directive: {
      path: `${location}/Directive.yaml`,
      text: decoder.decode(entryBytes(location, directive)),
    },
    modules,
    runnables: [],
    staticFile(name) {
      const path = staticPath(name);
      const file = path === undefined ? undefined : statics.get(path);
      return file === undefined || file instanceof Uint8Array ? file : checkedEntryBytes(file);
    },
  };
}
