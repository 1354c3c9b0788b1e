/**
 * A Worker for the cache's concurrency tests. Jobs (posted once, answered once):
 * - `hold`: takes the lock at word 0 of `words`, says `held`, keeps it `ms`, releases it;
 * - `hammer`: maps the cache in `buffer`, waits for word 0 of `go` to turn 1, then gets and sets
 *   overlapping keys with self-describing values and reports what it saw.
 *
 * @module
 */

import { acquire, release } from "../lock.ts";
import { SharedMemoryCache } from "../shared_memory.ts";
import { checkValue, makeValue } from "./values.ts";

/** The job a test posts. */
export type Job =
  | { job: "hold"; words: Int32Array; ms: number }
  | {
    job: "hammer";
    buffer: SharedArrayBuffer;
    go: Int32Array;
    writer: number;
    iterations: number;
    keys: number;
  };

/** What `hammer` reports. */
export interface HammerReport {
  /** Values this worker set (its sequence numbers run 1..sets). */
  sets: number;
  /** Gets that found a value. */
  hits: number;
  /** Hits on a value another worker set. */
  foreign: number;
  /** Per writer, the highest sequence number read. */
  highest: Record<number, number>;
  /** What was wrong with bad values read (empty when all were whole). */
  bad: string[];
}

const scope = self as unknown as {
  onmessage: (event: MessageEvent<Job>) => void;
  postMessage(message: unknown): void;
};

scope.onmessage = ({ data }) => {
  if (data.job === "hold") {
    acquire(data.words, 0);
    scope.postMessage("held");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, data.ms);
    release(data.words, 0);
    scope.postMessage("released");
    return;
  }
  const cache = new SharedMemoryCache({ buffer: data.buffer });
  const report: HammerReport = { sets: 0, hits: 0, foreign: 0, highest: {}, bad: [] };
  let random = data.writer * 7919 + 17; // xorshift32: every bit varies
  const next = () => {
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return random >>> 0;
  };
  Atomics.wait(data.go, 0, 0, 10_000);
  for (let i = 0; i < data.iterations; i++) {
    const key = next() % data.keys;
    if (next() % 2 === 0) {
      const length = 16 + (next() % 3000);
      cache.set(`key-${key}`, makeValue(data.writer, ++report.sets, key, length), 0);
      continue;
    }
    const value = cache.get(`key-${key}`);
    if (value === undefined) continue;
    report.hits++;
    const seen = checkValue(value, key);
    if (typeof seen === "string") {
      if (report.bad.length < 5) report.bad.push(seen);
      continue;
    }
    if (seen.writer !== data.writer) report.foreign++;
    report.highest[seen.writer] = Math.max(report.highest[seen.writer] ?? 0, seen.seq);
  }
  scope.postMessage(report);
};
