/**
 * Finding plugin manifests: the built-in ones (listed by `builtin_plugins.ts`), and third-party
 * ones named by path or URL (Directive `plugins:` or `--plugin`).
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import {
  type BuiltinPlugin,
  type LocatedManifest,
  parseManifest,
  validateManifest,
} from "./manifest.ts";

/** Validates the manifests of the built-in plugins. */
export function builtinManifests(list: readonly BuiltinPlugin[]): LocatedManifest[] {
  return list.map((builtin) => ({
    manifest: validateManifest(builtin.manifest, builtin.url.href),
    url: builtin.url,
    builtin: true,
    config: {},
    load: builtin.load,
  }));
}

/**
 * Reads the manifest of a third-party plugin. `ref` is a folder or `plugin.json`, as a path
 * (relative to `base`) or an `http(s):`/`file:` URL.
 * @throws {StratosError} `STRATOS_ERR_PLUGIN_NOT_FOUND` if there is no manifest there
 */
export async function referencedManifest(
  ref: string,
  base: URL,
  config: Record<string, unknown> = {},
): Promise<LocatedManifest> {
  const url = manifestURL(ref, base);
  const text = await readText(url);
  if (text === undefined) {
    throw new StratosError(
      "STRATOS_ERR_PLUGIN_NOT_FOUND",
      `plugin '${ref}' not found: no plugin.json at ${url.href}`,
    );
  }
  return { manifest: parseManifest(text, url.href), url, builtin: false, config };
}

/** The URL of the `plugin.json` a reference points at. */
export function manifestURL(ref: string, base: URL): URL {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ? new URL(ref) : new URL(ref, base);
  if (url.pathname.endsWith(".json")) return url;
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return new URL("plugin.json", url);
}

async function readText(url: URL): Promise<string | undefined> {
  if (url.protocol === "file:") {
    try {
      return await Deno.readTextFile(url);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
        return undefined;
      }
      throw error;
    }
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new StratosError(
      "STRATOS_ERR_PLUGIN_NOT_FOUND",
      `cannot fetch ${url.href}: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new StratosError(
      "STRATOS_ERR_PLUGIN_NOT_FOUND",
      `cannot fetch ${url.href}: HTTP ${response.status}`,
    );
  }
  return await response.text();
}
