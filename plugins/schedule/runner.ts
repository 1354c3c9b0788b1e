/**
 * Running one version's schedules on timers while this process holds them: each schedule runs
 * every period, the first time right away, or, when an earlier holding or version of the app ran
 * it, one period after that run (a reload or a short pause runs no period twice). A run still in
 * progress when the next is due makes that one skip (no pile-up).
 *
 * @module
 */

import type { PluginContext, Schedule } from "../../plugin.ts";
import type { LeaseUser } from "./lease_keeper.ts";
import { periodMillis } from "./period.ts";

/** Runs one schedule once (its steps, and the log lines of the outcome). */
export type RunOnce = (schedule: Schedule, fence: number) => Promise<void>;

/** Runs `schedules` with `runOnce` while attached and running; `lastRuns` is shared. */
export class ScheduleRunner implements LeaseUser {
  readonly #timers: ReturnType<typeof setTimeout>[] = [];
  readonly #busy = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #stopped = false;

  /**
   * @param ctx the plugin's context (its log)
   * @param schedules the app's schedules
   * @param lastRuns when each schedule last started, by name
   * @param runOnce runs one schedule once
   */
  constructor(
    private readonly ctx: PluginContext,
    private readonly schedules: readonly Schedule[],
    private readonly lastRuns: Map<string, number>,
    private readonly runOnce: RunOnce,
  ) {}

  run(fence: number): void {
    this.pause();
    if (this.#stopped) return;
    for (const schedule of this.schedules) {
      const period = periodMillis(schedule.every);
      const last = this.lastRuns.get(schedule.name);
      const wait = last === undefined ? 0 : Math.max(0, last + period - performance.now());
      this.#timers.push(setTimeout(() => {
        this.#fire(schedule, fence);
        this.#timers.push(setInterval(() => this.#fire(schedule, fence), period));
      }, wait));
    }
  }

  pause(): void {
    for (const timer of this.#timers.splice(0)) clearTimeout(timer);
  }

  /** Pauses for good and waits for the runs in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.pause();
    await Promise.all(this.#running);
  }

  #fire(schedule: Schedule, fence: number): void {
    if (this.#busy.has(schedule.name)) {
      this.ctx.log.warn("schedule skipped: previous run still in progress", {
        schedule: schedule.name,
      });
      return;
    }
    this.#busy.add(schedule.name);
    this.lastRuns.set(schedule.name, performance.now());
    const run = this.runOnce(schedule, fence)
      .catch((error) => this.ctx.log.error("schedule crashed", { schedule: schedule.name, error }))
      .finally(() => {
        this.#busy.delete(schedule.name);
        this.#running.delete(run);
      });
    this.#running.add(run);
  }
}
