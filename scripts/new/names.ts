/**
 * The names `stratos new` accepts for apps and Runnables: ones that are at once a folder, a
 * Directive `fn`, a route (`/name`), a Rust crate and a Go module path.
 *
 * @module
 */

import { BuildError } from "../build/mod.ts";
import { LOCKED_CRATES } from "./cargo_lock.ts";

/** What a name may be. */
export const NAME_RULE =
  "a lowercase letter, then lowercase letters, digits, '-' or '_', at most 64 in all";

const NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/**
 * Checks a name given to `stratos new`.
 *
 * @param what `app` or `Runnable`, for the message
 * @throws BuildError saying what a name may be, or that a Rust Runnable may not be named after
 *   one of the crates it depends on
 */
export function checkName(name: string, what: string, lang?: string): void {
  if (!NAME.test(name)) throw new BuildError(`${what} name '${name}': expected ${NAME_RULE}`);
  if (lang === "rust" && LOCKED_CRATES.some((c) => c.name === name)) {
    throw new BuildError(
      `Runnable name '${name}': a Rust Runnable may not have the name of a crate it depends on`,
    );
  }
}

/** `hello-world` → `HelloWorld` (a Rust type's name). */
export function typeName(name: string): string {
  return name.split(/[-_]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
}
