/**
 * What the isolates of a process report together (`--workers`): module statistics and the
 * telemetry counts, added up, and health checks, where one isolate's failing check fails the
 * process's.
 *
 * @module
 */

import { addHistogram } from "../observe/histogram.ts";
import type { HealthReport, ModuleStats } from "../plugins/types.ts";

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
        total.set(fqfn, structuredClone(s));
        continue;
      }
      t.invocations += s.invocations;
      t.failures += s.failures;
      t.restarts += s.restarts;
      t.errors += s.errors;
      t.refusals += s.refusals;
      addHistogram(t.duration, s.duration);
      t.instances += s.instances;
      t.busy += s.busy;
      t.waiting += s.waiting;
      t.max += s.max;
    }
  }
  return total;
}

/** The link topic each isolate answers with its telemetry counts (`Telemetry.snapshot`). */
export const TELEMETRY_TOPIC = "kernel.telemetry";

/** The link topic each isolate answers with its own health checks. */
export const HEALTH_TOPIC = "kernel.health";

/**
 * Merges the health checks of several isolates (the primary's first): a check is healthy when it
 * is in every isolate that has it; otherwise the first failing report stands for it.
 */
export function mergeHealth(
  perIsolate: readonly Record<string, HealthReport>[],
): Record<string, HealthReport> {
  const merged: Record<string, HealthReport> = {};
  for (const checks of perIsolate) {
    for (const [name, report] of Object.entries(checks)) {
      const seen = merged[name];
      if (seen === undefined || (seen.healthy && !report.healthy)) merged[name] = report;
    }
  }
  return merged;
}
