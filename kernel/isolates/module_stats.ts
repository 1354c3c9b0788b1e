/**
 * Module statistics of a whole process: each isolate counts its own invocations and instances;
 * with `--workers` they are gathered over the link and added up.
 *
 * @module
 */

import type { ModuleStats } from "../plugins/types.ts";

/** The link topic each isolate answers with its own module statistics. */
export const MODULE_STATS_TOPIC = "kernel.module-stats";

/** Adds up the statistics of several isolates, module by module. */
export function sumModuleStats(
  perIsolate: readonly Map<string, ModuleStats>[],
): Map<string, ModuleStats> {
  const total = new Map<string, ModuleStats>();
  for (const stats of perIsolate) {
    for (const [fqfn, s] of stats) {
      const t = total.get(fqfn);
      if (!t) {
        total.set(fqfn, { ...s });
        continue;
      }
      t.invocations += s.invocations;
      t.failures += s.failures;
      t.instances += s.instances;
      t.busy += s.busy;
      t.waiting += s.waiting;
      t.max += s.max;
    }
  }
  return total;
}
