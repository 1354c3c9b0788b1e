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

/** Runs one schedule's steps once, counts (and traces) the run, and logs the outcome. */
export async function runSchedule(ctx: PluginContext, schedule: Schedule): Promise<void> {
  const state = new Map(
    Object.entries(schedule.state ?? {}).map(([k, v]) => [k, encoder.encode(v)] as const),
  );
  const request = new CoordinatedRequest({ method: "SCHED", url: schedule.name, state });
  const work = ctx.telemetry.work("schedule", `schedule ${schedule.name}`, {
    schedule: schedule.name,
  }, { "stratos.schedule": schedule.name });
  const outcome = await work.run(request, undefined, () => ctx.execute(schedule.steps, request));
  const fields = { schedule: schedule.name, ...request.logFields() };
  if (outcome.failed) {
    ctx.log.warn("schedule failed", { ...fields, error: outcome.error });
  } else {
    ctx.log.debug("schedule ran", {
      ...fields,
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
