/**
 * What the console shows of the app itself: its name and version, handlers with their steps,
 * Runnables, schedules, and each health check with its connection state (the address and last
 * error only under `--health-details`, as on `/health`).
 *
 * @module
 */

import type { ConnectionReport, HealthReport, PluginContext, Step } from "../../../plugin.ts";

/** A step as the console lists it: a fn, or a group of fns. */
export type StepView = { fn: string; fqfn: string } | { group: { fn: string; fqfn: string }[] };

/** The app as the console shows it. */
export interface AppOverview {
  /** The Directive's identifier. */
  identifier: string;
  /** Its appVersion. */
  appVersion: string;
  /** Whether it runs headless. */
  headless: boolean;
  /** The handlers. */
  handlers: {
    type: string;
    source: string;
    method?: string;
    resource: string;
    steps: StepView[];
  }[];
  /** The Runnables. */
  runnables: { name: string; fqfn: string }[];
  /** The schedules. */
  schedules: { name: string; every: Record<string, number>; steps: StepView[] }[];
  /** Each health check: healthy or not, and a connection's state and since when. */
  checks: Record<string, Partial<ConnectionReport> & HealthReport>;
}

function stepView(step: Step): StepView {
  if (step.group) return { group: step.group.map(({ fn, fqfn }) => ({ fn, fqfn })) };
  return { fn: step.fn!, fqfn: step.fqfn! };
}

function checkView(report: HealthReport, details: boolean): HealthReport {
  if (details) return report;
  const { healthy } = report;
  const { state, since } = report as Partial<ConnectionReport>;
  return state === undefined ? { healthy } : { healthy, state, since } as ConnectionReport;
}

/** The overview of the app `ctx` runs, with the health of every isolate. */
export async function appOverview(ctx: PluginContext): Promise<AppOverview> {
  const directive = ctx.directive;
  const health = await ctx.health();
  const checks: AppOverview["checks"] = {};
  for (const [name, report] of Object.entries(health)) {
    checks[name] = checkView(report, ctx.options.healthDetails);
  }
  return {
    identifier: directive.identifier,
    appVersion: directive.appVersion,
    headless: ctx.options.headless,
    handlers: (directive.handlers ?? []).map((h) => ({
      type: h.type,
      source: h.type === "request" ? "http" : h.source || "server",
      ...(h.method ? { method: h.method } : {}),
      resource: h.resource,
      steps: h.steps.map(stepView),
    })),
    runnables: directive.runnables.map(({ name, fqfn }) => ({ name, fqfn })),
    schedules: (directive.schedules ?? []).map((s) => ({
      name: s.name,
      every: s.every as Record<string, number>,
      steps: s.steps.map(stepView),
    })),
    checks,
  };
}
