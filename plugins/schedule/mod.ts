/**
 * Schedules (`schedules:`): each runs its steps every period, first right after start,
 * on a request with method `SCHED`, URL = the schedule's name, and the schedule's `state` as
 * initial state. Results and errors are logged. A run still in progress when the next one is due
 * makes that one skip (no pile-up). `--no-schedules` / `STRATOS_RUN_SCHEDULES=false` /
 * `ATMO_RUN_SCHEDULES=false` keep the schedules registered but never run them (to pin
 * non-idempotent jobs to one instance of a fleet).
 *
 * @module
 */

import {
  CoordinatedRequest,
  definePlugin,
  type PluginContext,
  type Schedule,
} from "../../plugin.ts";
import { periodMillis } from "./period.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** How much of a result the debug log shows. */
const PREVIEW_BYTES = 256;

/** Runs one schedule's steps once and logs the outcome. */
export async function runSchedule(ctx: PluginContext, schedule: Schedule): Promise<void> {
  const state = new Map(
    Object.entries(schedule.state ?? {}).map(([k, v]) => [k, encoder.encode(v)] as const),
  );
  const request = new CoordinatedRequest({ method: "SCHED", url: schedule.name, state });
  const outcome = await ctx.execute(schedule.steps, request);
  if (outcome.failed) {
    ctx.log.warn("schedule failed", { schedule: schedule.name, error: outcome.error });
  } else {
    ctx.log.debug("schedule ran", {
      schedule: schedule.name,
      result: decoder.decode(outcome.body.subarray(0, PREVIEW_BYTES)),
    });
  }
}

export default definePlugin({
  name: "schedule",
  setup(ctx) {
    const schedules = ctx.directive.schedules ?? [];
    const timers: ReturnType<typeof setInterval>[] = [];
    const running = new Set<Promise<void>>();
    const fire = (schedule: Schedule, busy: { now: boolean }) => {
      if (busy.now) {
        ctx.log.warn("schedule skipped: previous run still in progress", {
          schedule: schedule.name,
        });
        return;
      }
      busy.now = true;
      const run = runSchedule(ctx, schedule)
        .catch((error) => ctx.log.error("schedule crashed", { schedule: schedule.name, error }))
        .finally(() => {
          busy.now = false;
          running.delete(run);
        });
      running.add(run);
    };
    return {
      start() {
        if (!ctx.options.runSchedules) {
          ctx.announce(`schedules disabled in this process (${schedules.length} registered)`);
          return;
        }
        for (const schedule of schedules) {
          const busy = { now: false };
          fire(schedule, busy);
          timers.push(setInterval(() => fire(schedule, busy), periodMillis(schedule.every)));
        }
      },
      async stop() {
        for (const timer of timers) clearInterval(timer);
        await Promise.all(running);
      },
    };
  },
});
