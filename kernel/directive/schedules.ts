/**
 * Schedules (`schedules:`): Atmo's checks and the typed schedules.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import type { RawSchedule } from "./schema.ts";
import { checkSteps, type RunnableFinder } from "./steps.ts";
import type { Schedule } from "./types.ts";

/** Checks every schedule; steps may use the keys of the schedule's `state`. */
export function checkSchedules(
  schedules: (RawSchedule | undefined)[] | undefined,
  find: RunnableFinder,
  context: CheckContext,
): Schedule[] {
  const typed: Schedule[] = [];
  for (const [i, schedule] of (schedules ?? []).entries()) {
    if (!schedule) continue;
    const path = ["schedules", i];
    const { name = "", every = {}, state } = schedule;
    if (!name) {
      context.error(path, `schedule at position ${i} has no name`);
      continue;
    }
    const steps = schedule.steps ?? [];
    if (steps.length === 0) {
      context.error([...path, "steps"], `schedule ${name} missing steps`);
      continue;
    }
    if (!every.seconds && !every.minutes && !every.hours && !every.days) {
      context.error([...path, "every"], `schedule ${name} has no 'every' values`);
    }
    const available = new Set(Object.keys(state ?? {}));
    const typedSteps = checkSteps(
      steps,
      { kind: "schedule", name, path },
      available,
      find,
      context,
    );
    typed.push({ name, every, ...(state && { state }), steps: typedSteps });
  }
  return typed;
}
