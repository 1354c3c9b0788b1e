/**
 * Fully-qualified function names (FQFNs) of Atmo (`fqfn/fqfn.go`): `ident#namespace::name@version`.
 *
 * @module
 */

import { closestName } from "./did_you_mean.ts";
import type { CallableFn, Directive, Runnable } from "./types.ts";

/** The namespace of a Runnable or reference that names none. */
export const DEFAULT_NAMESPACE = "default";

/** The parts of a function reference; see {@link parseFQFN}. */
export interface FQFNParts {
  /** The app identifier before `#`, when one is given. */
  identifier?: string;
  /** The namespace before `::`, else `default`. */
  namespace: string;
  /** The Runnable name. */
  name: string;
  /** The version after `@`, when one is given. */
  version?: string;
}

/**
 * Parses a function reference as Atmo does: split once on `#` (identifier), then once on `::`
 * (namespace, default `default`), then once on `@` (version). An empty identifier or version
 * counts as not given.
 */
export function parseFQFN(fn: string): FQFNParts {
  const [identifier, afterIdentifier] = splitOnce(fn, "#");
  const [namespace, afterNamespace] = splitOnce(afterIdentifier ?? identifier, "::");
  const reference = afterNamespace ?? namespace;
  const [name, version] = splitOnce(reference, "@");
  const parts: FQFNParts = {
    namespace: afterNamespace === undefined ? DEFAULT_NAMESPACE : namespace,
    name,
  };
  if (afterIdentifier !== undefined && identifier !== "") parts.identifier = identifier;
  if (version) parts.version = version;
  return parts;
}

/** `[before, after]` split at the first `separator`, or `[text, undefined]` without one. */
function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

/** Renders an FQFN: `identifier#namespace::name@version`. */
export function formatFQFN(
  identifier: string,
  namespace: string,
  name: string,
  version: string,
): string {
  return `${identifier}#${namespace}::${name}@${version}`;
}

/** The headless-mode URL path of a Runnable: `/identifier/namespace/name/version`. */
export function headlessPath(
  identifier: string,
  namespace: string,
  name: string,
  version: string,
): string {
  return `/${identifier}/${namespace}/${name}/${version}`;
}

/**
 * Finds the Runnable a step's `fn` refers to, as Atmo's `Directive.FindRunnable`: a given
 * identifier or version must be the Directive's own, then name and namespace must match.
 */
export function findRunnable(
  directive: Pick<Directive, "identifier" | "appVersion" | "runnables">,
  fn: string,
): Runnable | undefined {
  const parts = parseFQFN(fn);
  if (parts.identifier !== undefined && parts.identifier !== directive.identifier) return undefined;
  if (parts.version !== undefined && parts.version !== directive.appVersion) return undefined;
  return directive.runnables.find((r) => r.name === parts.name && r.namespace === parts.namespace);
}

/**
 * The reference to one of `runnables` that an unknown `fn` most likely meant, written as a step
 * would (`name` in the default namespace, `namespace::name` otherwise): one a letter or two away
 * ({@link closestName}), or one of the same name in another namespace.
 */
export function closestRunnable(runnables: readonly Runnable[], fn: string): string | undefined {
  const parts = parseFQFN(fn);
  const references = runnables.map((r) => shortReference(r.namespace, r.name));
  return closestName(shortReference(parts.namespace, parts.name), references) ??
    references.find((_, i) => runnables[i].name === parts.name);
}

/** A reference as a step writes it: `name` in the default namespace, else `namespace::name`. */
function shortReference(namespace: string, name: string): string {
  return namespace === DEFAULT_NAMESPACE ? name : `${namespace}::${name}`;
}

/** The state key a call's result is stored under: `as`, else `fn` exactly as written. */
export function stateKey(fn: Pick<CallableFn, "fn" | "as">): string {
  return fn.as || fn.fn;
}
