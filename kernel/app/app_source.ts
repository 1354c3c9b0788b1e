/**
 * What an application is made of, wherever it comes from (an Atmo bundle or a project folder):
 * its Directive text, its Wasm modules, the Runnables they implement, and its static files.
 *
 * @module
 */

import type { Runnable } from "../directive/types.ts";

/** The Directive (and optional `Queries.yaml`) text with the paths used in messages. */
export interface DirectiveText {
  /** Path shown in messages, e.g. `examples/hello/Directive.yaml`. */
  path: string;
  /** YAML text. */
  text: string;
  /** `Queries.yaml` next to the Directive, if present. */
  queries?: { path: string; text: string };
}

/** A Wasm module of the app, before it is matched to a Runnable. */
export interface ModuleFile {
  /** Runnable name the module implements. */
  name: string;
  /** Runnable namespace, when the source knows it (`.runnable.yaml`). */
  namespace?: string;
  /** Where it was found, for messages. */
  path: string;
  /** Module bytes. */
  bytes: Uint8Array;
}

/** An application ready to be loaded. */
export interface AppSource {
  /** What the user pointed at (folder or bundle path). */
  readonly location: string;
  /** Kind of source. */
  readonly kind: "bundle" | "project";
  /** The Directive text. */
  readonly directive: DirectiveText;
  /** The Wasm modules found. */
  readonly modules: readonly ModuleFile[];
  /** Runnables discovered from the files (used when the Directive lists none). */
  readonly runnables: readonly Runnable[];
  /** A static file by name (`static/` prefix, `/` and `./` stripped), or `undefined`. */
  staticFile(name: string): Uint8Array | undefined;
}

/**
 * Normalises a static file name as Atmo does (strips a leading `static/`, `/`, `./`) and refuses
 * names that could leave the static folder.
 * @returns the relative path inside `static/`, or `undefined` if the name is not acceptable
 */
export function staticPath(name: string): string | undefined {
  let path = name;
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of ["static/", "/", "./"]) {
      if (path.startsWith(prefix)) {
        path = path.slice(prefix.length);
        changed = true;
      }
    }
  }
  if (path === "" || path.includes("\0") || path.includes("\\")) return undefined;
  if (path.split("/").some((part) => part === ".." || part === "." || part === "")) {
    return undefined;
  }
  return path;
}
