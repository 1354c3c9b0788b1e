/**
 * Load and soak scripts (bounded in time, loopback only), on examples/hello's one-step handler:
 *
 * - load: at least 100,000 requests at 256 concurrent connections; reports requests, errors
 *   (non-2xx and socket errors: the target is zero) and latency;
 * - soak: `--minutes` (default 5) of steady load, sampling Stratos's resident memory every 10 s;
 *   reports the samples, and memory growth between the first and the last minute.
 *
 * Usage: deno run -A bench/load.ts [load|soak] [--minutes N] [--connections N]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { freePort, residentMB, startDeno, stratosArgs } from "./process.ts";
import { machine, markdownTable, median, today } from "./report.ts";
import { ensureWrk, load } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url).pathname;

async function startHello() {
  const port = freePort();
  return await startDeno(
    stratosArgs(`${ROOT}examples/hello`, "--port", String(port), "--log-level", "warn"),
    port,
    "/health",
  );
}

/** Sends at least `total` requests at `connections` connections; returns a markdown report. */
export async function loadTest(total = 100_000, connections = 256): Promise<string> {
  await ensureWrk();
  const server = await startHello();
  try {
    let requests = 0;
    let errors = 0;
    const runs = [];
    while (requests < total) {
      const run = await load({
        url: `${server.url}/hello`,
        method: "POST",
        body: "world",
        connections,
        threads: 2,
        seconds: 5,
      });
      requests += run.requests;
      errors += run.errors;
      runs.push(run);
    }
    const rss = residentMB(server.child.pid);
    return [
      `Load: POST /hello at ${connections} connections until ${total} requests, ${today()}; ` +
      `${machine()}.`,
      "",
      markdownTable(["requests", "errors", "requests/s", "p50 ms", "p99 ms", "resident MB"], [[
        requests,
        errors,
        Math.round(median(runs.map((r) => r.rps))),
        median(runs.map((r) => r.p50)).toFixed(2),
        median(runs.map((r) => r.p99)).toFixed(2),
        rss.toFixed(0),
      ]]),
    ].join("\n");
  } finally {
    await server.stop();
  }
}

/** Steady load for `minutes`, sampling resident memory every 10 s; returns a markdown report. */
export async function soakTest(minutes = 5, connections = 64): Promise<string> {
  await ensureWrk();
  const server = await startHello();
  try {
    const samples: { at: number; rss: number; rps: number; errors: number }[] = [];
    const started = performance.now();
    while (performance.now() - started < minutes * 60_000) {
      const run = await load({
        url: `${server.url}/hello`,
        method: "POST",
        body: "world",
        connections,
        seconds: 10,
      });
      samples.push({
        at: Math.round((performance.now() - started) / 1000),
        rss: residentMB(server.child.pid),
        rps: run.rps,
        errors: run.errors,
      });
    }
    const perMinute = Math.max(1, Math.floor(samples.length / minutes));
    const firstMinute = median(samples.slice(0, perMinute).map((s) => s.rss));
    const lastMinute = median(samples.slice(-perMinute).map((s) => s.rss));
    return [
      `Soak: POST /hello at ${connections} connections for ${minutes} min, resident memory ` +
      `sampled every 10 s, ${today()}; ${machine()}.`,
      "",
      markdownTable(
        ["second", "resident MB", "requests/s", "errors"],
        samples.map((s) => [s.at, s.rss.toFixed(1), Math.round(s.rps), s.errors]),
      ),
      "",
      `**Resident memory: ${firstMinute.toFixed(1)} MB in the first minute, ` +
      `${lastMinute.toFixed(1)} MB in the last (${(lastMinute - firstMinute).toFixed(1)} MB); ` +
      `${samples.reduce((n, s) => n + s.errors, 0)} errors.**`,
    ].join("\n");
  } finally {
    await server.stop();
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: { minutes: { type: "string", default: "5" }, connections: { type: "string" } },
  });
  const connections = values.connections === undefined ? undefined : Number(values.connections);
  const report = positionals[0] === "soak"
    ? await soakTest(Number(values.minutes), connections)
    : await loadTest(100_000, connections);
  console.log(report);
}
