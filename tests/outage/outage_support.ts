/**
 * Support for the outage tests: load from concurrent clients that records every request (route,
 * start, latency, status, body), the run of one outage (load, stop the server, keep the load
 * going, restart it, wait for recovery) with the times it went through, and the checks made on
 * the recorded requests.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ROOT } from "../support/cli.ts";
import { eventually } from "../streams/nats_support.ts";

/** Longest any request may take, also while a service is down: it fails fast, nothing hangs. */
export const FAIL_FAST_MS = 2500;
/** A request that takes this long is abandoned and recorded as hung. */
const HANG_MS = 15_000;
/** Load before the server is stopped, in ms. */
const WARM_MS = 1500;
/** Load while the server is down, in ms. */
const DOWN_MS = 3000;
/** Load after the service works again, in ms. */
const AFTER_MS = 2000;
/** Time allowed after recovery for the last errors of requests already under way, in ms. */
const SETTLE_MS = 500;

/** One request of the load; times are `performance.now()` values. */
export interface Sample {
  /** Name of its route. */
  route: string;
  /** When it was sent. */
  start: number;
  /** How long it took, in ms. */
  ms: number;
  /** HTTP status (or 200 for another protocol's success); undefined when nothing answered. */
  status?: number;
  /** The answer (cut at 500 characters), or the error when nothing answered. */
  body: string;
}

/** What one request of a route answered. */
export interface Answer {
  /** See {@link Sample.status}. */
  status?: number;
  /** See {@link Sample.body}. */
  body: string;
}

/** Requests the load sends again and again, from `clients` clients at once. */
export interface LoadRoute {
  /** Name in samples and messages. */
  name: string;
  /** Clients sending at once (each waits for its answer, then `pauseMs`, then sends again). */
  clients: number;
  /** Pause between two requests of one client, in ms. @default 5 */
  pauseMs?: number;
  /** Sends one request; `client` and `n` number it. A rejection is recorded as no answer. */
  send(client: number, n: number): Promise<Answer>;
}

/** An HTTP route of a Stratos app at `baseUrl`. */
export function httpRoute(
  baseUrl: string,
  name: string,
  path: string,
  clients: number,
  init: RequestInit = {},
): LoadRoute {
  return {
    name,
    clients,
    async send() {
      const response = await fetch(baseUrl + path, {
        ...init,
        signal: AbortSignal.timeout(HANG_MS),
      });
      return { status: response.status, body: await response.text() };
    },
  };
}

/** `GET /health` of a Stratos app at `baseUrl`, every 100 ms: the body is the check `check`. */
export function healthRoute(baseUrl: string, check: string): LoadRoute {
  return {
    name: "health",
    clients: 1,
    pauseMs: 100,
    async send() {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(HANG_MS) });
      const body = await response.json();
      return { status: response.status, body: JSON.stringify(body.checks?.[check] ?? body) };
    },
  };
}

/** Load under way. */
export interface Load {
  /** Every request finished so far. */
  samples: Sample[];
  /** Stops the clients; resolves once their last requests finished. */
  stop(): Promise<void>;
}

/** Starts the clients of every route. */
export function startLoad(routes: LoadRoute[]): Load {
  const samples: Sample[] = [];
  let running = true;
  const client = async (route: LoadRoute, id: number) => {
    for (let n = 0; running; n++) {
      const start = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = new Promise<Answer>((resolve) => {
        timer = setTimeout(() => resolve({ body: `hung for ${HANG_MS} ms` }), HANG_MS);
      });
      const answer = await Promise.race([
        route.send(id, n).catch((error): Answer => ({ body: `no answer: ${error}` })),
        hung,
      ]);
      clearTimeout(timer);
      const body = answer.body.length > 500 ? `${answer.body.slice(0, 500)}…` : answer.body;
      samples.push({ route: route.name, start, ms: performance.now() - start, ...answer, body });
      await sleep(route.pauseMs ?? 5);
    }
  };
  const clients = routes.flatMap((route) =>
    Array.from({ length: route.clients }, (_, id) => client(route, id))
  );
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

/** The times an outage went through (`performance.now()` values). */
export interface Marks {
  /** The server was told to stop. */
  stopping: number;
  /** The server had exited. */
  stopped: number;
  /** The server was told to start again. */
  restarting: number;
  /** The server answered again. */
  restarted: number;
  /** The first request that worked through Stratos after the restart had its answer. */
  working: number;
  /** After a request worked through Stratos again, `/health` (every isolate) said 200. */
  recovered: number;
}

/** One outage under load. */
export interface OutageSpec {
  /** Base URL of the Stratos app (with the route of {@link withHelloRoute}). */
  app: string;
  /** The `/health` check of the connection to the server. */
  check: string;
  /**
   * The load on the path that needs the server; 8 clients calling `POST /hello` (a route that
   * does not need it, named `hello`) and `/health` every 100 ms (named `health`) are added.
   */
  routes: LoadRoute[];
  /** Stops the server (and anything the test does just before). */
  down(): Promise<void>;
  /** Starts it again (and anything the test does just after). */
  up(): Promise<void>;
  /** True for a request that worked through Stratos's connection to the server. */
  works(sample: Sample): boolean;
  /** How long the service may take to work again after the server is back, in ms. */
  recoveryMs: number;
}

/** What happened during an outage. */
export interface OutageRun {
  /** Every request. */
  samples: Sample[];
  /** When things happened. */
  marks: Marks;
}

/**
 * Runs the load, stops the server once the load is warm, keeps the load going while `/health`
 * says the service is down and a few seconds more, restarts the server, waits for the service
 * to work again, keeps the load going a little more, and stops it.
 */
export async function runOutage(spec: OutageSpec): Promise<OutageRun> {
  const load = startLoad([
    ...spec.routes,
    httpRoute(spec.app, "hello", "/hello", 8, { method: "POST", body: "outage" }),
    healthRoute(spec.app, spec.check),
  ]);
  const marks: Marks = {
    stopping: 0,
    stopped: 0,
    restarting: 0,
    restarted: 0,
    working: 0,
    recovered: 0,
  };
  const since = (t: number, route: string) =>
    load.samples.filter((s) => s.route === route && s.start >= t);
  try {
    await sleep(WARM_MS);
    marks.stopping = performance.now();
    await spec.down();
    marks.stopped = performance.now();
    await eventually(
      () =>
        Promise.resolve(since(marks.stopped, "health").some((s) => s.status === 503) || undefined),
      10_000,
      "/health to report the service down",
    );
    await sleep(marks.stopped + DOWN_MS - performance.now());
    marks.restarting = performance.now();
    await spec.up();
    marks.restarted = performance.now();
    const first = await eventually(
      () => Promise.resolve(load.samples.find((s) => s.start >= marks.restarted && spec.works(s))),
      spec.recoveryMs,
      "the service to work again after the restart",
    );
    marks.working = first.start + first.ms;
    // Working again in every isolate (each has its own connections and reconnects on its own
    // backoff) once `/health`, which asks all of them, says so.
    const healthy = await eventually(
      () =>
        Promise.resolve(
          since(first.start, "health").find((s) => s.status === 200),
        ),
      10_000,
      "/health to report the service back",
    );
    marks.recovered = healthy.start + healthy.ms;
    await sleep(AFTER_MS);
  } finally {
    await load.stop();
  }
  report(load.samples, marks);
  return { samples: load.samples, marks };
}

/** What the requests of one route must have answered. */
export interface RouteExpectation {
  /** The route. */
  route: string;
  /** True for a normal answer. */
  ok(sample: Sample): boolean;
  /**
   * True for the clear error expected while the server is down. Without it, the route must not
   * depend on the server: every answer is normal, all along.
   */
  clearError?(sample: Sample): boolean;
  /** Longest a request may take. @default FAIL_FAST_MS */
  maxMs?: number;
}

/**
 * Checks every request of `expected.route`: it took less than `maxMs`, and answered
 * normally before the server stopped and after the service worked again; while the server was
 * down, with the clear error (a route that does not depend on it: normally all along).
 */
export function assertRoute(run: OutageRun, expected: RouteExpectation): void {
  const { marks } = run;
  const samples = run.samples.filter((s) => s.route === expected.route);
  const { route, ok } = expected;
  const maxMs = expected.maxMs ?? FAIL_FAST_MS;
  assertEvery(samples, (s) => s.ms < maxMs, `${route} requests that took ${maxMs} ms or more`);
  const clearError = expected.clearError ?? (() => false);
  const during = expected.clearError ?? ok;
  // Requests by when they were sent, except the first phase: answered before the stop.
  const phases: [string, number, number, (s: Sample) => boolean][] = [
    ["before the stop", -Infinity, marks.stopping, ok],
    ["while the server was down", marks.stopped, marks.restarting, during],
    ["from the stop on", marks.stopping, Infinity, (s) => ok(s) || clearError(s)],
    ["after the recovery", marks.recovered + SETTLE_MS, Infinity, ok],
  ];
  for (const [phase, from, to, accept] of phases) {
    const inPhase = samples.filter((s) => {
      const at = from === -Infinity ? s.start + s.ms : s.start;
      return at >= from && at < to;
    });
    assert.ok(inPhase.length > 0, `no ${route} request ${phase}`);
    assertEvery(inPhase, accept, `${route} requests ${phase} that answered wrongly`);
  }
}

/**
 * Checks what did not need the server: `POST /hello` answered `hello outage` all along, fast;
 * and `/health`: every answer fast; healthy before the stop; once it reported the check
 * unhealthy (state `down`, naming the server at `address`), it stayed so until the restart; once
 * healthy again after the restart, it stayed so.
 */
export function assertAppKeptServing(run: OutageRun, address: string): void {
  assertRoute(run, { route: "hello", ok: (s) => s.status === 200 && s.body === "hello outage" });
  const { marks } = run;
  const health = run.samples.filter((s) => s.route === "health");
  const healthy = (s: Sample) => s.status === 200 && JSON.parse(s.body).healthy === true;
  const unhealthy = (s: Sample) => {
    const check = JSON.parse(s.body);
    return s.status === 503 && check.healthy === false && check.state === "down" &&
      check.address === address;
  };
  assertEvery(health, (s) => s.ms < FAIL_FAST_MS, "slow /health answers");
  assertEvery(health.filter((s) => s.start < marks.stopping), healthy, "unhealthy before the stop");
  const down = health.filter((s) => s.start >= marks.stopped && s.start < marks.restarting);
  const first = down.findIndex((s) => s.status === 503);
  assert.ok(first >= 0, "/health never said 503 while the server was down");
  assertEvery(down.slice(first), unhealthy, "/health answers while down, after the first 503");
  const after = health.filter((s) => s.start >= marks.restarted);
  const back = after.findIndex(healthy);
  assert.ok(back >= 0, "/health never said 200 after the restart");
  assertEvery(after.slice(back), healthy, "/health answers after it was healthy again");
}

/** Fails, showing the first three, when some of `samples` are not `accept`ed. */
function assertEvery(samples: Sample[], accept: (s: Sample) => boolean, what: string): void {
  const wrong = samples.filter((s) => !accept(s));
  assert.deepEqual(wrong.slice(0, 3).map(show), [], `${wrong.length} of ${samples.length} ${what}`);
}

/** Writes `Directive.yaml` plus a `POST /hello` route (examples/hello's `hello`) into `dir`. */
export async function withHelloRoute(dir: string): Promise<string> {
  const path = `${dir}/Directive.yaml`;
  const directive = await Deno.readTextFile(path);
  assert.match(directive, /\nhandlers:\n( {2}.*\n)+$/, "the handlers come last");
  const route =
    "  - type: request\n    resource: /hello\n    method: POST\n    steps:\n      - fn: hello\n";
  await Deno.writeTextFile(path, directive + route);
  await Deno.copyFile(`${ROOT}examples/hello/hello/hello.wasm`, `${dir}/hello.wasm`);
  return dir;
}

/**
 * Prints the phases and, per route, how many requests, the latencies, and the kinds of errors
 * (numbers replaced by `N`) with their counts.
 */
function report(samples: Sample[], marks: Marks): void {
  const at = (t: number) => `${((t - marks.stopping) / 1000).toFixed(1)} s`;
  const restart = ((marks.restarted - marks.restarting) / 1000).toFixed(1);
  const working = ((marks.working - marks.restarted) / 1000).toFixed(1);
  console.log(
    `  stopped in ${at(marks.stopped)}, restarted at ${at(marks.restarting)} (up in ${restart} s)` +
      `, a first answer ${working} s after the server was up, all healthy at ${
        at(marks.recovered)
      }`,
  );
  for (const route of new Set(samples.map((s) => s.route))) {
    const mine = samples.filter((s) => s.route === route);
    const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
    const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(1);
    const errors = new Map<string, number>();
    for (const s of mine) {
      if (s.status !== undefined && s.status < 400) continue;
      const kind = `${s.status ?? "-"} ${s.body.replace(/\b\d+\b/g, "N")}`;
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
    }
    const failed = [...errors.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `  ${route}: ${mine.length} requests, ${failed} errors; ms p50 ${pct(0.5)} p99 ${
        pct(0.99)
      } max ${ms.at(-1)!.toFixed(1)}`,
    );
    if (route === "health") continue;
    for (const [kind, count] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 4)) {
      console.log(`    ${count} × ${kind.slice(0, 200)}`);
    }
  }
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function show(sample: Sample): string {
  return `${sample.status ?? "-"} in ${sample.ms.toFixed(0)} ms: ${sample.body}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
