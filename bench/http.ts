/**
 * HTTP benchmark: requests/s and p50/p99 of examples/hello's handlers against bare `Deno.serve`
 * handlers doing the same work (bench/baseline_http.ts), bare and answering with an X-Request-Id
 * as Stratos must, in the same run, with `wrk`; rounds alternate between the servers so all see
 * the same machine conditions. Scenarios: the one-step
 * handler, the three-step sequence with a group, and a read from the in-memory cache.
 *
 * @module
 */

import { freePort, residentMB, startDeno, stratosArgs } from "./process.ts";
import { type BenchResult, machine, markdownTable, summarize, today } from "./report.ts";
import { ensureWrk, load, type LoadOptions, type LoadResult } from "./wrk.ts";

/** Options of {@link benchHttp}. */
export interface HttpBenchOptions {
  /** Seconds per round. @default 10 */
  seconds?: number;
  /** Measured rounds per server and scenario (after one warm-up round each). @default 3 */
  rounds?: number;
  /** wrk connections. @default 50 */
  connections?: number;
}

const ROOT = new URL("../", import.meta.url).pathname;

/** The scenarios: a name, then the request. */
const SCENARIOS: { name: string; path: string; method: string; body?: string }[] = [
  { name: "one-step handler (POST /hello)", path: "/hello", method: "POST", body: "world" },
  {
    name: "three steps with a group (POST /pipeline)",
    path: "/pipeline",
    method: "POST",
    body: "world",
  },
  { name: "in-memory cache_get (GET /get/:key)", path: "/get/bench", method: "GET" },
];

/** Runs the benchmark; returns its markdown section and the one-step handler's ratio. */
export async function benchHttp(options: HttpBenchOptions = {}): Promise<BenchResult> {
  const { seconds = 10, rounds = 3, connections = 50 } = options;
  await ensureWrk();
  const basePort = freePort();
  const baseline = await startDeno(
    ["run", "--allow-net", `${ROOT}bench/baseline_http.ts`, String(basePort)],
    basePort,
  );
  // The same handlers answering with an X-Request-Id too, as Stratos must: Deno's fast path is
  // only for a response whose one header is its content type, so this is the floor that
  // requirement sets, before any Stratos work.
  const idPort = freePort();
  const identified = await startDeno(
    ["run", "--allow-net", `${ROOT}bench/baseline_http.ts`, String(idPort), "request-id"],
    idPort,
  );
  const port = freePort();
  const stratos = await startDeno(
    stratosArgs(`${ROOT}examples/hello`, "--port", String(port), "--log-level", "warn"),
    port,
    "/health",
  );
  // The same server in one isolate, for the one-step handler: what the extra isolates bring.
  const onePort = freePort();
  const single = await startDeno(
    stratosArgs(
      `${ROOT}examples/hello`,
      "--port",
      String(onePort),
      "--log-level",
      "warn",
      "--workers",
      "1",
    ),
    onePort,
    "/health",
  );
  const rows: (string | number)[][] = [];
  const ratios: number[] = [];
  const idRatios: number[] = [];
  let singleRow: (string | number)[] = [];
  let isolateGain = NaN;
  let rss = NaN;
  try {
    for (const server of [baseline, identified, stratos]) {
      const set = await fetch(`${server.url}/set/bench`, { method: "POST", body: "cached value" });
      await set.body?.cancel();
    }
    for (const scenario of SCENARIOS) {
      const run = (url: string) => {
        const request: LoadOptions = {
          url: `${url}${scenario.path}`,
          method: scenario.method,
          body: scenario.body,
          connections,
          seconds,
        };
        return load(request);
      };
      const servers = scenario === SCENARIOS[0]
        ? [baseline, identified, stratos, single]
        : [baseline, identified, stratos];
      for (const server of servers) await run(server.url); // warm-up, discarded
      const results: LoadResult[][] = servers.map(() => []);
      for (let i = 0; i < rounds; i++) {
        for (const [j, server] of servers.entries()) results[j].push(await run(server.url));
      }
      const [base, withId, str, one] = results.map((r) => summarize<LoadResult>(r));
      const rate = (result: LoadResult) =>
        `${Math.round(result.rps)} (p99 ${result.p99.toFixed(2)} ms)`;
      const row = (name: string, result: LoadResult) => [
        name,
        rate(base),
        rate(withId),
        rate(result),
        (result.rps / base.rps).toFixed(2),
        (result.rps / withId.rps).toFixed(2),
        (result.p99 / base.p99).toFixed(2),
        base.errors + withId.errors + result.errors,
      ];
      ratios.push(str.rps / base.rps);
      idRatios.push(str.rps / withId.rps);
      rows.push(row(scenario.name, str));
      if (one) {
        singleRow = row(`${scenario.name}, one isolate (--workers 1)`, one);
        isolateGain = str.rps / one.rps;
      }
    }
    rows.push(singleRow);
    rss = residentMB(stratos.child.pid);
  } finally {
    await baseline.stop();
    await identified.stop();
    await stratos.stop();
    await single.stop();
  }
  const table = [
    `HTTP handlers of examples/hello against bare Deno.serve handlers doing the same work: wrk, ` +
    `${connections} connections, ${rounds} rounds of ${seconds} s each (median), ${today()}; ` +
    `${machine()}.`,
    "",
    markdownTable(
      [
        "handler",
        "baseline req/s",
        "baseline with X-Request-Id req/s",
        "Stratos req/s",
        "ratio",
        "ratio to the baseline with X-Request-Id",
        "p99 ratio",
        "errors",
      ],
      rows,
    ),
    "",
    `**One-step ratio (Stratos / baseline requests/s): ${ratios[0].toFixed(2)}** ` +
    `(${idRatios[0].toFixed(2)} of the baseline answering with an X-Request-Id, as Stratos ` +
    `must; that baseline itself makes ${(ratios[0] / idRatios[0]).toFixed(2)} of the bare ` +
    `one's requests/s); Stratos runs ` +
    `${navigator.hardwareConcurrency} isolates (the default, one per core), ` +
    `${isolateGain.toFixed(2)}× the one-step requests/s of one isolate; resident memory after ` +
    `the run: ${rss.toFixed(0)} MB.`,
  ].join("\n");
  return { table, ratio: ratios[0] };
}
