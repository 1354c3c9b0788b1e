/**
 * Alternating load rounds over several servers with their resident memory sampled under load:
 * one discarded warm-up round per server, then `rounds` rounds in which every server gets one
 * `wrk` run in turn, so all of them see the same machine conditions. Per server: the median of
 * each measure over the rounds, errors summed, and the median of each round's peak VmRSS.
 *
 * @module
 */

import { residentMB } from "./process.ts";
import { summarize } from "./report.ts";
import { load, type LoadOptions, type LoadResult } from "./wrk.ts";

/** A server under test: the URL its requests go to and the process whose memory is sampled. */
export interface Contender {
  /** Name in the tables. */
  name: string;
  /** The request URL. */
  url: string;
  /** The server's process id. */
  pid: number;
}

/** One server's summary over the rounds. */
export interface Measured extends LoadResult {
  /** Median over the rounds of the peak resident memory (MB) sampled during each run. */
  rss: number;
}

/** Options of {@link measureAlternating}. */
export interface RoundsOptions {
  /** Seconds per run. */
  seconds: number;
  /** Measured rounds. */
  rounds: number;
  /** wrk connections. */
  connections: number;
  /** HTTP method. */
  method: string;
  /** Request body. */
  body?: string;
  /** Milliseconds between memory samples. @default 250 */
  sampleMs?: number;
}

/** One wrk run against `url`, sampling `pid`'s resident memory meanwhile; `rss` is the peak. */
export async function loadSampled(
  contender: Contender,
  options: RoundsOptions,
): Promise<Measured> {
  let rss = residentMB(contender.pid);
  const sampling = setInterval(() => {
    rss = Math.max(rss, residentMB(contender.pid));
  }, options.sampleMs ?? 250);
  try {
    const request: LoadOptions = {
      url: contender.url,
      method: options.method,
      body: options.body,
      connections: options.connections,
      seconds: options.seconds,
    };
    const result = await load(request);
    return { ...result, rss: Math.max(rss, residentMB(contender.pid)) };
  } finally {
    clearInterval(sampling);
  }
}

/** Runs the warm-up and the alternating rounds; returns one summary per contender, in order. */
export async function measureAlternating(
  contenders: Contender[],
  options: RoundsOptions,
): Promise<Measured[]> {
  for (const contender of contenders) await loadSampled(contender, options); // warm-up
  const results: Measured[][] = contenders.map(() => []);
  for (let i = 0; i < options.rounds; i++) {
    for (const [j, contender] of contenders.entries()) {
      results[j].push(await loadSampled(contender, options));
    }
  }
  return results.map((r) => summarize<Measured>(r));
}

/** How the rounds ran, for a table's caption. */
export function describeRounds(options: RoundsOptions): string {
  return `wrk, ${options.connections} connections, ${options.rounds} alternating rounds of ` +
    `${options.seconds} s each (median; memory: peak VmRSS during each run, median)`;
}

/** `a / b` with two decimals. */
export function ratio(a: number, b: number): string {
  return (a / b).toFixed(2);
}
