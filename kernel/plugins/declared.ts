/**
 * What a plugin registers during `setup` must be declared in its manifest's `provides`: the
 * kernel decides from the manifests which plugins an app needs, so a name missing there would
 * work only by chance (when the plugin is loaded for another reason).
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import type { LocatedManifest } from "./manifest.ts";

/** The `provides` keys that name what `setup` registers, with how a message says it. */
const REGISTERED = {
  hostFunctions: "registers host function",
  services: "provides service",
  sources: "serves source",
} as const;

/** A `provides` key naming what `setup` registers: host functions, services or sources. */
export type RegisteredKind = keyof typeof REGISTERED;

/**
 * Refuses `name` unless the manifest of `located` lists it under `provides.<kind>`.
 * @throws {StratosError} `STRATOS_ERR_PLUGIN_UNDECLARED` naming the plugin, the name, the key to
 *   add it to and the manifest
 */
export function requireDeclared(
  located: LocatedManifest,
  kind: RegisteredKind,
  name: string,
): void {
  if (located.manifest.provides?.[kind]?.includes(name)) return;
  throw new StratosError(
    "STRATOS_ERR_PLUGIN_UNDECLARED",
    `plugin '${located.manifest.name}' ${REGISTERED[kind]} '${name}', which its manifest does ` +
      `not declare: add "${name}" to provides.${kind} in ${located.url.href}`,
  );
}
