/**
 * `GET /health` and `GET /meta/metrics`, in the shapes Atmo answered them.
 *
 * @module
 */

import type { HealthReport, PluginContext } from "../../plugin.ts";

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * `{"healthy":true}` as Atmo answers, plus each registered check; 503 when any check fails, so
 * load balancers take the process out of rotation. With several isolates, a check failing in
 * any of them fails. A check shows only whether it is healthy (and, for a lease, whether this
 * process holds it) unless `options.healthDetails`:
 * its detail names addresses and carries driver errors, which are not for every client.
 */
export async function healthResponse(ctx: PluginContext): Promise<Response> {
  const reports = await ctx.health();
  const healthy = Object.values(reports).every((c) => c.healthy);
  const checks = ctx.options.healthDetails ? reports : withoutDetails(reports);
  const body = Object.keys(checks).length === 0 ? { healthy } : { healthy, checks };
  return new Response(JSON.stringify(body), { status: healthy ? 200 : 503, headers: JSON_HEADERS });
}

function withoutDetails(reports: Record<string, HealthReport>): Record<string, HealthReport> {
  const out: Record<string, HealthReport> = {};
  for (const [name, { healthy, holder }] of Object.entries(reports)) {
    out[name] = holder === undefined ? { healthy } : { healthy, holder };
  }
  return out;
}

/**
 * Creates the metrics responder: Atmo's `{"scheduler": ...}` shape (one "worker" per module:
 * instances as threads, waiting invocations as jobs, invocations per second since the last read)
 * plus Stratos's per-module counters under `modules`, for the whole process (every isolate).
 */
export function metricsResponder(ctx: PluginContext): () => Promise<Response> {
  let lastRead = performance.now();
  const lastCounts = new Map<string, number>();
  return async () => {
    const stats = await ctx.moduleStats();
    const now = performance.now();
    const seconds = Math.max((now - lastRead) / 1000, 1e-3);
    lastRead = now;
    const workers: Record<string, unknown> = {};
    const modules: Record<string, unknown> = {};
    let totalThreadCount = 0;
    let totalJobCount = 0;
    for (const [fqfn, module] of stats) {
      const rate = (module.invocations - (lastCounts.get(fqfn) ?? 0)) / seconds;
      lastCounts.set(fqfn, module.invocations);
      totalThreadCount += module.instances;
      totalJobCount += module.waiting;
      workers[fqfn] = {
        targetThreadCount: module.max,
        threadCount: module.instances,
        jobCount: module.waiting,
        jobRate: Math.round(rate * 100) / 100,
      };
      const { duration: _timed, ...counters } = module; // durations are on GET /metrics
      modules[fqfn] = counters;
    }
    const body = { scheduler: { totalThreadCount, totalJobCount, workers }, modules };
    return new Response(JSON.stringify(body), { headers: JSON_HEADERS });
  };
}
