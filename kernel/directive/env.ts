/**
 * `env(NAME)` values: a Directive value written `env(NAME)` is replaced by the environment
 * variable `NAME` (Atmo's `AugmentedValFromEnv`).
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import type { Path } from "./locations.ts";

/** Reads an environment variable; `undefined` when unset. */
export type EnvReader = (name: string) => string | undefined;

/** Resolves `env(NAME)` in a value found at a path of the Directive. */
export type ValueResolver = (value: string, path: Path) => string;

/** The variable named by an `env(NAME)` value, or `undefined` for any other value. */
export function envReference(value: string): string | undefined {
  return value.startsWith("env(") && value.endsWith(")") ? value.slice(4, -1) : undefined;
}

/**
 * `Deno.env.get`, guarded: without `--allow-env` (or on any other failure) every variable reads
 * as unset instead of throwing.
 */
export function denoEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Resolves `value`: an `env(NAME)` value becomes the variable's value, or `""` when it is unset
 * (after calling `onUnset(NAME)`); any other value is returned as is. A reader that throws counts
 * as unset.
 */
export function resolveEnv(
  value: string,
  read: EnvReader,
  onUnset: (name: string) => void,
): string {
  const name = envReference(value);
  if (name === undefined) return value;
  let resolved: string | undefined;
  try {
    resolved = read(name);
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined) onUnset(name);
  return resolved ?? "";
}

/**
 * A {@link ValueResolver} that reports an error, at the value, for each variable that is not set.
 * Every value Stratos resolves is one that matters (an address, a connection string, a user name,
 * a password or a token): an empty one would only fail later, and less clearly (Atmo dropped an
 * auth header whose variable was unset, so the API answered 401). With `read` `false` (the
 * environment is not known here) every `env(NAME)` is empty and nothing is reported.
 */
export function envResolver(read: EnvReader | false, context: CheckContext): ValueResolver {
  if (read === false) return (value) => resolveEnv(value, () => "", () => {});
  return (value, path) =>
    resolveEnv(
      value,
      read,
      (name) => context.error(path, `environment variable ${name} is not set`),
    );
}
