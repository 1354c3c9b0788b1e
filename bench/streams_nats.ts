/**
 * NATS stream benchmark: messages/s and latency (p50/p99) of request-reply through a one-step
 * Stratos NATS handler (examples/hello's `hello`) against a bare nats.js subscriber in its own
 * Deno process doing the same work (answers `hello ` + payload), in the same run, under the same
 * client load (N concurrent requesters for a fixed duration), alternating rounds. Both serve from
 * a private nats-server started for the run.
 *
 * Usage: deno run -A bench/streams_nats.ts [--seconds N] [--rounds N] [--concurrency N]
 *
 * (`deno run -A bench/streams_nats.ts baseline URL SUBJECT` runs the bare subscriber.)
 *
 * @module
 */

import { connect, type NatsConnection } from "@nats-io/transport-node";
import { parseArgs } from "node:util";
import { natsApp } from "../tests/streams/nats_support.ts";
import { startNatsServer } from "../tests/support/nats_server.ts";
import { freePort, type ServerProcess, startDeno, stratosArgs } from "./process.ts";
import { type BenchResult, machine, markdownTable, quantile, summarize, today } from "./report.ts";
import type { LoadResult } from "./wrk.ts";

/** Options of {@link benchNats}. */
export interface NatsBenchOptions {
  /** Seconds per round. @default 10 */
  seconds?: number;
  /** Measured rounds per server (after one warm-up round each). @default 3 */
  rounds?: number;
  /** Concurrent requesters. @default 50 */
  concurrency?: number;
  /** Request payload. @default "world" */
  payload?: string;
}

const SELF = new URL(import.meta.url).pathname;
const SUBJECT = { baseline: "bench.baseline.hello", stratos: "bench.stratos.hello" };

/** Runs the benchmark; returns a markdown table and the ratio Stratos / baseline messages/s. */
export async function benchNats(options: NatsBenchOptions = {}): Promise<BenchResult> {
  const { seconds = 10, rounds = 3, concurrency = 50, payload = "world" } = options;
  const server = await startNatsServer();
  const dir = await natsApp(server.url, [{ resource: SUBJECT.stratos, fn: "hello" }], "bench.nats");
  let baseline: ServerProcess | undefined;
  let stratos: ServerProcess | undefined;
  let client: NatsConnection | undefined;
  const results: Record<"baseline" | "stratos", LoadResult[]> = { baseline: [], stratos: [] };
  try {
    baseline = await startBaseline(server.url);
    stratos = await startStratos(dir);
    client = await connect({ servers: server.url });
    await answered(client, SUBJECT.baseline);
    await answered(client, SUBJECT.stratos);
    const run = (subject: string) => load(client!, subject, payload, concurrency, seconds);
    await run(SUBJECT.baseline); // warm-up, discarded
    await run(SUBJECT.stratos);
    for (let i = 0; i < rounds; i++) {
      results.baseline.push(await run(SUBJECT.baseline));
      results.stratos.push(await run(SUBJECT.stratos));
    }
  } finally {
    await client?.close();
    await baseline?.stop();
    await stratos?.stop();
    await server.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  const base = summarize<LoadResult>(results.baseline);
  const str = summarize<LoadResult>(results.stratos);
  const ratio = str.rps / base.rps;
  const row = (name: string, r: LoadResult) => [
    name,
    Math.round(r.rps),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.errors,
  ];
  const table = [
    `NATS request-reply, one-step handler (hello), ${payload.length}-byte payload: ` +
    `${concurrency} concurrent requesters, ${rounds} rounds of ${seconds} s each (median), ` +
    `nats-server on loopback, ${today()}; ${machine()}.`,
    "",
    markdownTable(["subscriber", "messages/s", "p50 ms", "p99 ms", "errors"], [
      row("bare nats.js subscriber (baseline)", base),
      row("Stratos, NATS stream handler", str),
    ]),
    "",
    `**Ratio (Stratos / baseline messages/s): ${ratio.toFixed(2)}**; p99 ratio ` +
    `${(str.p99 / base.p99).toFixed(2)}.`,
  ].join("\n");
  return { table, ratio };
}

/** `concurrency` requesters send requests back to back for `seconds`; latencies in ms. */
async function load(
  nc: NatsConnection,
  subject: string,
  payload: string,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const expected = `hello ${payload}`;
  const requester = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const reply = await nc.request(subject, payload, { timeout: 5000 });
        if (reply.string() === expected) latencies.push(performance.now() - t0);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, requester));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    p50: quantile(latencies, 0.5) ?? NaN,
    p99: quantile(latencies, 0.99) ?? NaN,
    errors,
    requests: latencies.length,
  };
}

/** Waits until something answers on `subject`. */
async function answered(nc: NatsConnection, subject: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (true) {
    try {
      await nc.request(subject, "ping", { timeout: 500 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nothing answers on ${subject}: ${error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The bare subscriber, in its own process (its HTTP port only answers readiness probes). */
function startBaseline(natsUrl: string): Promise<ServerProcess> {
  const port = freePort();
  return startDeno(
    [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-sys",
      "--allow-read",
      SELF,
      "baseline",
      natsUrl,
      String(port),
    ],
    port,
  );
}

function startStratos(dir: string): Promise<ServerProcess> {
  const port = freePort();
  return startDeno(
    stratosArgs(dir, "--port", String(port), "--hostname", "127.0.0.1", "--log-level", "warn"),
    port,
    "/health",
  );
}

/** The baseline: subscribes to its subject and answers `hello ` + payload. */
async function serveBaseline(natsUrl: string, port: number): Promise<void> {
  const prefix = new TextEncoder().encode("hello ");
  const nc = await connect({ servers: natsUrl });
  nc.subscribe(SUBJECT.baseline, {
    callback(_, msg) {
      const out = new Uint8Array(prefix.length + msg.data.length);
      out.set(prefix);
      out.set(msg.data, prefix.length);
      msg.respond(out);
    },
  });
  await nc.flush();
  Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, () => new Response("ok"));
}

if (import.meta.main) {
  if (Deno.args[0] === "baseline") {
    await serveBaseline(Deno.args[1], Number(Deno.args[2]));
  } else {
    const { values } = parseArgs({
      args: Deno.args,
      options: {
        seconds: { type: "string", default: "10" },
        rounds: { type: "string", default: "3" },
        concurrency: { type: "string", default: "50" },
      },
    });
    const { table } = await benchNats({
      seconds: Number(values.seconds),
      rounds: Number(values.rounds),
      concurrency: Number(values.concurrency),
    });
    console.log(table);
  }
}
