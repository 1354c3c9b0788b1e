/**
 * The Runnables of an app (`runnables:`): Atmo's checks on the list, and each Runnable's FQFN
 * and headless path.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import { DEFAULT_NAMESPACE, formatFQFN, headlessPath } from "./fqfn.ts";
import type { Path } from "./locations.ts";
import type { RawRunnable } from "./schema.ts";
import type { Runnable } from "./types.ts";

/**
 * A Runnable to check, with its path (`[]` for one discovered outside the Directive). Lists of
 * entries may have holes where an item had the wrong type, so that positions keep Atmo's numbering.
 */
export interface RunnableEntry {
  /** The Runnable as written. */
  runnable: RawRunnable;
  /** Where it is in the Directive. */
  path: Path;
}

/**
 * The Runnables to check: those the Directive lists, else those discovered in the project folder
 * (an empty namespace of a discovered one becomes `default`).
 */
export function runnableEntries(
  listed: (RawRunnable | undefined)[] | undefined,
  discovered: Runnable[],
): (RunnableEntry | undefined)[] {
  if (listed?.length) {
    return listed.map((runnable, i) => runnable && { runnable, path: ["runnables", i] });
  }
  return discovered.map((runnable) => ({
    runnable: { ...runnable, namespace: runnable.namespace || DEFAULT_NAMESPACE },
    path: [],
  }));
}

/**
 * Atmo's checks: at least one Runnable, no duplicate (`ns::name`, or a bare name of the default
 * namespace), a name and a namespace on each.
 */
export function checkRunnables(
  entries: (RunnableEntry | undefined)[],
  context: CheckContext,
): void {
  if (entries.length === 0) context.error(["runnables"], "no functions listed");
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    if (!entry) continue;
    const { runnable, path } = entry;
    const { name = "", namespace = "" } = runnable;
    const namespaced = `${namespace}::${name}`;
    if (seen.has(namespaced) || seen.has(name)) {
      context.error(path, `duplicate fn ${namespaced} found`);
      continue;
    }
    if (!name) {
      context.error(path, `function at position ${i} missing name`);
      continue;
    }
    if (!namespace) context.error(path, `function at position ${i} missing namespace`);
    if (namespace === DEFAULT_NAMESPACE) seen.add(name);
    seen.add(namespaced);
  }
}

/**
 * The typed Runnables, each with `fqfn` = `identifier#namespace::name@appVersion` and `fqfnUri`
 * its headless path (an empty namespace counts as `default` there, as in Atmo).
 */
export function buildRunnables(
  entries: (RunnableEntry | undefined)[],
  identifier: string,
  appVersion: string,
): Runnable[] {
  return entries.filter((entry) => entry !== undefined).map(({ runnable }) => {
    const { name = "", namespace = "" } = runnable;
    const fqfnNamespace = namespace || DEFAULT_NAMESPACE;
    return {
      ...runnable,
      name,
      namespace,
      fqfn: formatFQFN(identifier, fqfnNamespace, name, appVersion),
      fqfnUri: headlessPath(identifier, fqfnNamespace, name, appVersion),
    };
  });
}
