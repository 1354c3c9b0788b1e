/**
 * Schedules (`schedules:`): each runs its steps every period, first right after start,
 * on a request with method `SCHED`, URL = the schedule's name, and the schedule's `state` as
 * initial state. Results and errors are logged. A run still in progress when the next one is due
 * makes that one skip (no pile-up).
 *
 * Once per fleet: when the app connects to Redis or PostgreSQL (in that order of preference),
 * the processes running it share a lease there (a key with `SET NX PX` and a fencing counter, or
 * an advisory lock), and only the process holding it runs the schedules; when it dies, another
 * takes over once the lease's time is up (the shortest period, at most `STRATOS_SCHEDULE_LEASE_MS`),
 * and when it stops it gives the lease up at once. An app with neither runs its schedules in every
 * process, as Atmo did (and `GET /health` keeps Atmo's answer). With a lease, the banner and the
 * `schedules` check of `GET /health` (`holder`) say whether this process holds them.
 * `--no-schedules` / `STRATOS_RUN_SCHEDULES=false` / `ATMO_RUN_SCHEDULES=false` keep them from
 * running in this process (it never takes the lease).
 *
 * @module
 */

import {
  CoordinatedRequest,
  definePlugin,
  LEASE_SERVICES,
  type LeaseStore,
  type PluginContext,
  readEnv,
  type Schedule,
} from "../../plugin.ts";
import { LeaseKeeper } from "./lease_keeper.ts";
import { periodMillis } from "./period.ts";
import { ScheduleRunner } from "./runner.ts";
import { leaseTtl, readScheduleSettings } from "./settings.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** How much of a result the debug log shows. */
const PREVIEW_BYTES = 256;

/**
 * Runs one schedule's steps once, counts (and traces) the run, and logs the outcome (with the
 * lease's fence, if any).
 */
export async function runSchedule(
  ctx: PluginContext,
  schedule: Schedule,
  fence?: number,
): Promise<void> {
  const state = new Map(
    Object.entries(schedule.state ?? {}).map(([k, v]) => [k, encoder.encode(v)] as const),
  );
  const request = new CoordinatedRequest({ method: "SCHED", url: schedule.name, state });
  const work = ctx.telemetry.work("schedule", `schedule ${schedule.name}`, {
    schedule: schedule.name,
  }, { "stratos.schedule": schedule.name });
  const outcome = await work.run(request, undefined, () => ctx.execute(schedule.steps, request));
  const fields = fence === undefined
    ? { schedule: schedule.name, ...request.logFields() }
    : { schedule: schedule.name, fence, ...request.logFields() };
  if (outcome.failed) {
    ctx.log.warn("schedule failed", { ...fields, error: outcome.error });
  } else {
    ctx.log.debug("schedule ran", {
      ...fields,
      result: decoder.decode(outcome.body.subarray(0, PREVIEW_BYTES)),
    });
  }
}

/** This process, as a lease store records the holder: host, process id and a random part. */
function holderName(): string {
  let host = "host";
  try {
    host = Deno.hostname();
  } catch { /* not allowed to read it: the rest is unique enough */ }
  return `${host}/${Deno.pid}/${crypto.randomUUID().slice(0, 8)}`;
}

/** The lease store the app shares with the other processes of its fleet, if any. */
function sharedStore(ctx: PluginContext): LeaseStore | undefined {
  for (const service of LEASE_SERVICES) {
    const store = ctx.service<LeaseStore>(service);
    if (store) return store;
  }
  return undefined;
}

export default definePlugin({
  name: "schedule",
  setup(ctx) {
    const schedules = ctx.directive.schedules ?? [];
    const count = `${schedules.length} schedule${schedules.length === 1 ? "" : "s"}`;
    if (!ctx.options.runSchedules) {
      ctx.announce(`schedules disabled in this process (${schedules.length} registered)`);
      return;
    }
    const settings = readScheduleSettings(ctx.config, readEnv);
    const inherited = ctx.handover as LeaseKeeper | undefined;
    let keeper: LeaseKeeper | undefined;
    let runner: ScheduleRunner | undefined;
    const lastRuns = new Map<string, number>();
    const runOnce = (schedule: Schedule, fence: number) =>
      runSchedule(ctx, schedule, keeper ? fence : undefined);
    return {
      start() {
        const store = sharedStore(ctx);
        keeper = store && (inherited ?? new LeaseKeeper(store, {
          key: `schedules:${ctx.directive.identifier}`,
          holder: holderName(),
          ttlMs: leaseTtl(schedules.map((s) => periodMillis(s.every)), settings),
          log: ctx.log,
        }));
        runner = new ScheduleRunner(ctx, schedules, keeper?.lastRuns ?? lastRuns, runOnce);
        if (!keeper) {
          ctx.announce(`${count}: run by this process (no Redis or PostgreSQL to share them)`);
          runner.run(0);
          return;
        }
        const lease = keeper;
        ctx.addConnection("schedules", {
          get state() {
            return lease.health.state;
          },
          settled: () => lease.health.settled(),
          report: () => ({ ...lease.health.report(), holder: lease.held }),
        });
        ctx.announce(() =>
          `${count}: ${
            lease.held
              ? `held by this process (fence ${lease.fence})`
              : lease.health.state === "up"
              ? "held by another process"
              : "lease not decided yet"
          }, through ${lease.health.address}`
        );
        keeper.attach(runner, store!);
      },
      async stop() {
        // The runs in progress finish before the lease is given up (or handed to a newer version).
        await runner?.stop();
        if (runner) await keeper?.detach(runner);
      },
      handover: () => keeper,
    };
  },
});
