/**
 * HTTP benchmark: requests/s and p50/p99 of the hello example's one-step handler (`POST /hello`)
 * against a bare `Deno.serve` handler doing the same I/O, in the same run, with `wrk`. Rounds
 * alternate between the two so both see the same machine conditions. Writes bench/RESULTS.md.
 *
 * Usage: deno task bench [--seconds N] [--rounds N] [--connections N]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { freePort, residentMB, startDeno } from "./process.ts";
import { ensureWrk, load, type LoadResult } from "./wrk.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const root = new URL("../", import.meta.url).pathname;

await ensureWrk();

const basePort = freePort();
const baseline = await startDeno([
  "run",
  "--allow-net",
  `${root}bench/baseline_http.ts`,
  String(basePort),
], basePort);
const stratosPort = freePort();
const stratos = await startDeno(
  [
    "run",
    "--allow-net",
    "--allow-read",
    "--allow-env",
    "--allow-sys",
    "--allow-import",
    "--unstable-net",
    `${root}main.ts`,
    "start",
    `${root}examples/hello`,
    "--port",
    String(stratosPort),
    "--log-level",
    "warn",
  ],
  stratosPort,
  "/health",
);

const results: Record<"baseline" | "stratos", LoadResult[]> = { baseline: [], stratos: [] };
try {
  const run = (url: string) =>
    load({ url: `${url}/hello`, method: "POST", body: "world", connections, seconds });
  await run(baseline.url); // warm-up, discarded
  await run(stratos.url);
  for (let i = 0; i < rounds; i++) {
    results.baseline.push(await run(baseline.url));
    results.stratos.push(await run(stratos.url));
  }
} finally {
  const rss = residentMB(stratos.child.pid);
  await baseline.stop();
  await stratos.stop();
  console.log(`stratos resident memory after the run: ${rss.toFixed(0)} MB`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (rs: LoadResult[]) => ({
  rps: median(rs.map((r) => r.rps)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
  errors: rs.reduce((s, r) => s + r.errors, 0),
});
const base = summary(results.baseline);
const str = summary(results.stratos);
const ratio = str.rps / base.rps;
const cpu = (() => {
  try {
    return /model name\s*:\s*(.+)/.exec(Deno.readTextFileSync("/proc/cpuinfo"))?.[1] ??
      "unknown CPU";
  } catch {
    return "unknown CPU";
  }
})();
const machine =
  `${navigator.hardwareConcurrency} cores (${cpu}), Deno ${Deno.version.deno}, ${Deno.build.os}`;
const row = (name: string, s: ReturnType<typeof summary>) =>
  `| ${name} | ${Math.round(s.rps)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.errors} |`;
const table = [
  `HTTP one-step handler, POST /hello with a 5-byte body: wrk, ${connections} connections, ` +
  `${rounds} rounds of ${seconds} s each (median), ${new Date().toISOString().slice(0, 10)}.`,
  `Machine: ${machine}.`,
  "",
  "| server | requests/s | p50 ms | p99 ms | errors |",
  "|---|---|---|---|---|",
  row("bare Deno.serve (baseline)", base),
  row("Stratos, examples/hello", str),
  "",
  `**Ratio (Stratos / baseline requests/s): ${ratio.toFixed(2)}**; p99 ratio ${
    (str.p99 / base.p99).toFixed(2)
  }.`,
].join("\n");
console.log(table);
await Deno.writeTextFile(
  `${root}bench/RESULTS.md`,
  `# Benchmark results\n\nProduced by \`deno task bench\`.\n\n${table}\n`,
);
