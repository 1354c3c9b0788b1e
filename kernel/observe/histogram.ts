/**
 * Durations counted into fixed buckets, as a Prometheus histogram counts them: plain numbers, so a
 * histogram's data crosses the isolate link as it is and the histograms of several isolates add
 * up.
 *
 * @module
 */

/** Upper bounds of the buckets, in seconds (the last bucket, `+Inf`, is implied). */
export const DURATION_BUCKETS: readonly number[] = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
];

/** What a histogram counted: per bucket (not cumulative, `+Inf` last), the sum and the count. */
export interface HistogramData {
  /** Observations per bucket of {@link DURATION_BUCKETS}, then those above the last bound. */
  buckets: number[];
  /** Sum of the observations, in seconds. */
  sum: number;
  /** Number of observations. */
  count: number;
}

/** A histogram with no observation. */
export function emptyHistogram(): HistogramData {
  return { buckets: new Array(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
}

/** Counts one duration of `ms` milliseconds into `data`. */
export function observe(data: HistogramData, ms: number): void {
  const seconds = ms / 1000;
  let i = 0;
  while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]) i++;
  data.buckets[i]++;
  data.sum += seconds;
  data.count++;
}

/** Adds `more` into `into`. */
export function addHistogram(into: HistogramData, more: HistogramData): void {
  for (let i = 0; i < into.buckets.length; i++) into.buckets[i] += more.buckets[i] ?? 0;
  into.sum += more.sum;
  into.count += more.count;
}
