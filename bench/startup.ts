/**
 * Start-up and memory benchmark: time from process start to the first successful response of
 * examples/hello (Deno's own start included), resident memory when idle, and resident memory
 * under 256 concurrent connections.
 *
 * @module
 */

import { freePort, residentMB, startDeno, stratosArgs } from "./process.ts";
import { type BenchResult, machine, markdownTable, median, today } from "./report.ts";
import { ensureWrk, load } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** Spawns Stratos and returns the milliseconds until `POST /hello` first answers 200. */
async function timeToFirstResponse(): Promise<
  { ms: number; stop: () => Promise<void>; pid: number; url: string }
> {
  const port = freePort();
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: stratosArgs(`${ROOT}examples/hello`, "--port", String(port), "--log-level", "warn"),
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      const res = await fetch(`${url}/hello`, { method: "POST", body: "x" });
      await res.body?.cancel();
      if (res.status === 200) break;
    } catch {
      await new Promise((r) => setTimeout(r, 2));
    }
    if (performance.now() - started > 30_000) throw new Error("Stratos did not answer within 30 s");
  }
  const ms = performance.now() - started;
  const stop = async () => {
    child.kill("SIGTERM");
    await child.status;
  };
  return { ms, stop, pid: child.pid, url };
}

/** Resident memory of examples/hello in `isolates` isolates: idle, and most under 256 connections. */
async function memoryOf(
  isolates: number,
): Promise<{ isolates: number; idle: number; loaded: number }> {
  const port = freePort();
  const server = await startDeno(
    stratosArgs(
      `${ROOT}examples/hello`,
      "--port",
      String(port),
      "--log-level",
      "warn",
      "--workers",
      String(isolates),
    ),
    port,
    "/health",
  );
  let idle = NaN;
  let loaded = NaN;
  try {
    await new Promise((r) => setTimeout(r, 1000));
    idle = residentMB(server.child.pid);
    const sampling = setInterval(() => {
      loaded = Math.max(Number.isNaN(loaded) ? 0 : loaded, residentMB(server.child.pid));
    }, 250);
    await load({
      url: `${server.url}/hello`,
      method: "POST",
      body: "world",
      connections: 256,
      seconds: 10,
    });
    clearInterval(sampling);
  } finally {
    await server.stop();
  }
  return { isolates, idle, loaded };
}

/**
 * Runs the benchmark (`runs` start-ups, then memory idle and under 256 connections, with the
 * default isolates and with one).
 */
export async function benchStartup(runs = 5): Promise<BenchResult> {
  await ensureWrk();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = await timeToFirstResponse();
    times.push(started.ms);
    await started.stop();
  }
  const memory = [
    await memoryOf(navigator.hardwareConcurrency),
    ...(navigator.hardwareConcurrency > 1 ? [await memoryOf(1)] : []),
  ];
  const startup = median(times);
  const table = [
    `Start-up (process start to the first 200 of POST /hello, Deno's start included; median of ` +
    `${runs}) and resident memory of examples/hello, ${today()}; ${machine()}.`,
    "",
    markdownTable(
      ["isolates", "start-up ms", "idle resident MB", "resident MB under 256 connections"],
      memory.map((m, i) => [
        m.isolates === navigator.hardwareConcurrency ? `${m.isolates} (default)` : m.isolates,
        i === 0 ? startup.toFixed(0) : "",
        m.idle.toFixed(0),
        m.loaded.toFixed(0),
      ]),
    ),
  ].join("\n");
  return { table, ratio: startup };
}
