/**
 * HTTP benchmark: requests/s and p50/p99 of the hello example's one-step handler (`POST /hello`)
 * against a bare `Deno.serve` handler doing the same I/O (reads the body, answers `hello ` +
 * body), in the same run, with `wrk`. Rounds alternate between the two so both see the same
 * machine conditions.
 *
 * @module
 */

import { freePort, residentMB, startDeno, stratosArgs } from "./process.ts";
import { type BenchResult, machine, markdownTable, summarize, today } from "./report.ts";
import { ensureWrk, load, type LoadResult } from "./wrk.ts";

/** Options of {@link benchHttp}. */
export interface HttpBenchOptions {
  /** Seconds per round. @default 10 */
  seconds?: number;
  /** Measured rounds per server (after one warm-up round each). @default 3 */
  rounds?: number;
  /** wrk connections. @default 50 */
  connections?: number;
}

const ROOT = new URL("../", import.meta.url).pathname;

/** Runs the benchmark; returns its markdown section and the requests/s ratio. */
export async function benchHttp(options: HttpBenchOptions = {}): Promise<BenchResult> {
  const { seconds = 10, rounds = 3, connections = 50 } = options;
  await ensureWrk();
  const basePort = freePort();
  const baseline = await startDeno(
    ["run", "--allow-net", `${ROOT}bench/baseline_http.ts`, String(basePort)],
    basePort,
  );
  const port = freePort();
  const stratos = await startDeno(
    stratosArgs(`${ROOT}examples/hello`, "--port", String(port), "--log-level", "warn"),
    port,
    "/health",
  );
  const results: Record<"baseline" | "stratos", LoadResult[]> = { baseline: [], stratos: [] };
  let rss = NaN;
  try {
    const run = (url: string) =>
      load({ url: `${url}/hello`, method: "POST", body: "world", connections, seconds });
    await run(baseline.url); // warm-up, discarded
    await run(stratos.url);
    for (let i = 0; i < rounds; i++) {
      results.baseline.push(await run(baseline.url));
      results.stratos.push(await run(stratos.url));
    }
    rss = residentMB(stratos.child.pid);
  } finally {
    await baseline.stop();
    await stratos.stop();
  }
  const base = summarize<LoadResult>(results.baseline);
  const str = summarize<LoadResult>(results.stratos);
  const ratio = str.rps / base.rps;
  const row = (name: string, s: LoadResult) => [
    name,
    Math.round(s.rps),
    s.p50.toFixed(2),
    s.p99.toFixed(2),
    s.errors,
  ];
  const table = [
    `HTTP one-step handler, POST /hello with a 5-byte body: wrk, ${connections} connections, ` +
    `${rounds} rounds of ${seconds} s each (median), ${today()}; ${machine()}.`,
    "",
    markdownTable(["server", "requests/s", "p50 ms", "p99 ms", "errors"], [
      row("bare Deno.serve (baseline)", base),
      row("Stratos, examples/hello", str),
    ]),
    "",
    `**Ratio (Stratos / baseline requests/s): ${ratio.toFixed(2)}**; p99 ratio ` +
    `${(str.p99 / base.p99).toFixed(2)}; Stratos resident memory after the run: ` +
    `${rss.toFixed(0)} MB.`,
  ].join("\n");
  return { table, ratio };
}
