/**
 * Pure vs I/O-import benchmark: requests/s, p99 and resident memory under load of the app of
 * bench/io_app.ts (the same `hello <body>` Runnable, importing only `return_result` or also the
 * I/O host functions it never calls), with the default isolates and with `--workers 1`, against
 * the bare `Deno.serve` baseline (bench/baseline_http.ts), alternating rounds with `wrk`.
 *
 * Each Runnable is served by its own Stratos process (both on the same app), so each process's
 * memory is that of one kind under load.
 *
 * @module
 */

import {
  HELLO_ROUTES,
  type HelloKind,
  IO_IMPORTS,
  startHelloApp,
  writeHelloApp,
} from "./io_app.ts";
import { freePort, type ServerProcess, startDeno } from "./process.ts";
import { type BenchResult, machine, markdownTable, today } from "./report.ts";
import {
  type Contender,
  describeRounds,
  measureAlternating,
  type Measured,
  ratio,
  type RoundsOptions,
} from "./rounds.ts";
import { ensureWrk } from "./wrk.ts";

/** Options of {@link benchIoImports} and of bench/peers.ts. */
export interface HelloBenchOptions {
  /** Seconds per round. @default 10 */
  seconds?: number;
  /** Measured rounds per server (after one warm-up round each). @default 3 */
  rounds?: number;
  /** wrk connections. @default 50 */
  connections?: number;
}

/** The load of both benchmarks: POST with the body `world`, the options' defaults applied. */
export function helloLoad(options: HelloBenchOptions): RoundsOptions {
  const { seconds = 10, rounds = 3, connections = 50 } = options;
  return { seconds, rounds, connections, method: "POST", body: "world" };
}

/** The bare `Deno.serve` baseline of bench/baseline_http.ts (its `POST /hello`). */
export async function startBaseline(): Promise<ServerProcess> {
  const port = freePort();
  return await startDeno(
    ["run", "--allow-net", new URL("baseline_http.ts", import.meta.url).pathname, String(port)],
    port,
  );
}

/** A contender for `server` at `path`. */
export function contender(name: string, server: ServerProcess, path: string): Contender {
  return { name, url: `${server.url}${path}`, pid: server.child.pid };
}

/** A Stratos process per kind of Runnable, for `workers` isolates (undefined: the default). */
export async function startHelloKinds(
  dir: string,
  workers: number | undefined,
): Promise<Record<HelloKind, ServerProcess>> {
  return { pure: await startHelloApp(dir, workers), io: await startHelloApp(dir, workers) };
}

/** Runs the benchmark; `ratio` is the I/O over the pure Runnable's requests/s, default isolates. */
export async function benchIoImports(options: HelloBenchOptions = {}): Promise<BenchResult> {
  const load = helloLoad(options);
  await ensureWrk();
  const cores = navigator.hardwareConcurrency;
  const dir = await writeHelloApp();
  const servers: ServerProcess[] = [];
  try {
    const bare = await startBaseline();
    servers.push(bare);
    const many = await startHelloKinds(dir, undefined);
    servers.push(many.pure, many.io);
    const one = await startHelloKinds(dir, 1);
    servers.push(one.pure, one.io);
    const contenders = [
      contender("bare Deno.serve", bare, "/hello"),
      contender(`Stratos, pure hello, ${cores} isolates (default)`, many.pure, HELLO_ROUTES.pure),
      contender(`Stratos, I/O-import hello, ${cores} isolates (default)`, many.io, HELLO_ROUTES.io),
      contender("Stratos, pure hello, --workers 1", one.pure, HELLO_ROUTES.pure),
      contender("Stratos, I/O-import hello, --workers 1", one.io, HELLO_ROUTES.io),
    ];
    const measured = await measureAlternating(contenders, load);
    const [base, pureMany, ioMany, pureOne, ioOne] = measured;
    const row = (c: Contender, m: Measured) => [
      c.name,
      Math.round(m.rps),
      m.p99.toFixed(2),
      ratio(m.rps, base.rps),
      m.rss.toFixed(0),
      m.errors,
    ];
    const pair = (label: string, pure: Measured, io: Measured) =>
      `${label}: **I/O / pure ${ratio(io.rps, pure.rps)}× requests/s, ` +
      `${ratio(io.rss, pure.rss)}× resident memory**`;
    const table = [
      `\`hello <body>\` from two hand-written WAT Runnables, byte for byte the same ` +
      `code, one importing only \`return_result\`, the other also the I/O host functions ` +
      `${Object.keys(IO_IMPORTS).map((name) => `\`${name}\``).join(", ")}, never called; each ` +
      `in its own Stratos process (routes ${HELLO_ROUTES.pure}, ${HELLO_ROUTES.io}); ` +
      `${describeRounds(load)}, ${today()}; ${machine()}.`,
      "",
      markdownTable(
        ["server", "req/s", "p99 ms", "ratio to bare", "resident MB under load", "errors"],
        contenders.map((c, i) => row(c, measured[i])),
      ),
      "",
      `${pair(`${cores} isolates`, pureMany, ioMany)}; ${pair("one isolate", pureOne, ioOne)}.`,
    ].join("\n");
    return { table, ratio: ioMany.rps / pureMany.rps };
  } finally {
    for (const server of servers) await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}
