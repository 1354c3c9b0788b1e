/**
 * The schedule plugin's knob, from its config or the environment (config first, then
 * environment, then the default): how long the schedules' lease of a fleet lasts at most.
 *
 * @module
 */

import { type NumericSetting, readNumericSettings } from "../../plugin.ts";

/** The knobs. */
export interface ScheduleSettings {
  /**
   * The longest the schedules' lease lasts without being extended, in ms; it lasts the shortest
   * period of the app's schedules when that is shorter, and at least a second.
   */
  leaseMs: number;
}

const SETTINGS: readonly NumericSetting<keyof ScheduleSettings>[] = [
  { key: "leaseMs", env: "STRATOS_SCHEDULE_LEASE_MS", default: 15_000, min: 1000 },
];

/**
 * Reads the knobs.
 * @throws {StratosError} `STRATOS_ERR_SCHEDULE_CONFIG` naming the knob, what was expected and found
 */
export function readScheduleSettings(
  config: Readonly<Record<string, unknown>>,
  env: (name: string) => string | undefined,
): ScheduleSettings {
  return readNumericSettings(SETTINGS, config, env, "STRATOS_ERR_SCHEDULE_CONFIG");
}

/** How long the lease of `periodsMs` lasts: the shortest period, within [1 s, `leaseMs`]. */
export function leaseTtl(periodsMs: readonly number[], { leaseMs }: ScheduleSettings): number {
  return Math.max(1000, Math.min(leaseMs, ...periodsMs));
}
