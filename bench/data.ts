/**
 * Data benchmark: requests/s and p50/p99 of examples/data's `GET /shared/:token` (the
 * `read-shared` Runnable: one `cache_get` on Redis, one `select` on PostgreSQL) against a bare
 * `Deno.serve` handler doing the same two calls with the same clients (`baseline_data.ts`), in
 * the same run, with `wrk`. Rounds alternate between the two. Uses the Redis and PostgreSQL of
 * tests/infra/services.ts (started if needed, and stopped again if this run started them), in a
 * table of its own.
 *
 * @module
 */

import { Redis } from "ioredis";
import { servicesDown, servicesUp } from "../tests/infra/mod.ts";
import { dataExample } from "../tests/support/data_example.ts";
import { adminClient, dropTables, uniqueName } from "../tests/support/databases.ts";
import { freePort, residentMB, startDeno, stratosArgs } from "./process.ts";
import { type BenchResult, machine, markdownTable, summarize, today } from "./report.ts";
import { ensureWrk, load, type LoadResult } from "./wrk.ts";

/** Options of {@link benchData}. */
export interface DataBenchOptions {
  /** Seconds per round. @default 10 */
  seconds?: number;
  /** Measured rounds per server (after one warm-up round each). @default 3 */
  rounds?: number;
  /** wrk connections. @default 50 */
  connections?: number;
}

const ROOT = new URL("../", import.meta.url).pathname;

/** Starts Redis and PostgreSQL if needed; returns their URLs and a function that undoes it. */
async function services() {
  const results = await servicesUp(["redis", "postgres"]);
  const url = (name: string) => {
    const result = results.find((r) => r.name === name);
    if (!result?.up) throw new Error(`${name} is not available for the data benchmark`);
    return result.url;
  };
  const started = results.filter((r) => r.started).map((r) => r.name);
  return {
    redis: url("redis"),
    postgres: url("postgres"),
    async stop() {
      if (started.length > 0) await servicesDown(started);
    },
  };
}

/** Stores one note and a share link to it; returns the link's path. */
async function seed(redisUrl: string, postgresUrl: string, table: string): Promise<string> {
  const admin = await adminClient("postgresql", postgresUrl);
  try {
    const [row] = await admin.exec(
      `INSERT INTO ${table} (owner, title, body) VALUES ('bench', 'a shared note', ` +
        `'read by every request of the benchmark') RETURNING id`,
    );
    const token = crypto.randomUUID();
    const redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    try {
      await redis.set(`share:${token}`, String(row.id), "EX", 3600);
    } finally {
      redis.disconnect();
    }
    return `/shared/${token}`;
  } finally {
    await admin.close();
  }
}

/** Runs the benchmark; returns its markdown section and the requests/s ratio. */
export async function benchData(options: DataBenchOptions = {}): Promise<BenchResult> {
  const { seconds = 10, rounds = 3, connections = 50 } = options;
  await ensureWrk();
  const urls = await services();
  const table = uniqueName("stratos_bench_notes");
  const results: Record<"baseline" | "stratos", LoadResult[]> = { baseline: [], stratos: [] };
  let rss = NaN;
  try {
    const example = await dataExample(table, urls.postgres, {
      redis: urls.redis,
      database: urls.postgres,
    });
    const path = await seed(urls.redis, urls.postgres, table);
    const basePort = freePort();
    const baseline = await startDeno(
      [
        "run",
        "-A",
        `${ROOT}bench/baseline_data.ts`,
        String(basePort),
        urls.redis,
        urls.postgres,
        table,
      ],
      basePort,
      path,
    );
    const port = freePort();
    const stratos = await startDeno(
      stratosArgs(example.dir, "--port", String(port), "--log-level", "warn"),
      port,
      "/health",
    );
    try {
      const run = async (url: string) => {
        const result = await load({ url: url + path, connections, seconds });
        if (result.errors > 0) throw new Error(`${url}${path} answered ${result.errors} errors`);
        return result;
      };
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
  } finally {
    await dropTables("postgresql", [table]).catch(() => {});
    await urls.stop();
  }
  return report(results, { seconds, rounds, connections, rss });
}

function report(
  results: Record<"baseline" | "stratos", LoadResult[]>,
  run: { seconds: number; rounds: number; connections: number; rss: number },
): BenchResult {
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
    `Data handler, GET /shared/:token of examples/data (one cache_get on Redis, one select on ` +
    `PostgreSQL): wrk, ${run.connections} connections, ${run.rounds} rounds of ${run.seconds} s ` +
    `each (median), ${today()}; ${machine()}; Redis and PostgreSQL on the same machine.`,
    "",
    markdownTable(["server", "requests/s", "p50 ms", "p99 ms", "errors"], [
      row("bare Deno.serve + ioredis + postgres.js (baseline)", base),
      row("Stratos, examples/data read-shared", str),
    ]),
    "",
    `**Ratio (Stratos / baseline requests/s): ${ratio.toFixed(2)}**; p99 ratio ` +
    `${(str.p99 / base.p99).toFixed(2)}; Stratos resident memory after the run: ` +
    `${run.rss.toFixed(0)} MB.`,
  ].join("\n");
  return { table, ratio };
}

if (import.meta.main) {
  const result = await benchData({
    seconds: Number(Deno.args[0] ?? 10),
    rounds: Number(Deno.args[1] ?? 3),
  });
  console.log(result.table);
}
