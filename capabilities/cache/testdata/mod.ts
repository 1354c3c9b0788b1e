/**
 * Helpers of the cache's concurrency tests: run a job in a Worker of testdata/cache_worker.ts.
 *
 * @module
 */

import type { Job } from "./cache_worker.ts";

export type { HammerReport, Job } from "./cache_worker.ts";
export { checkValue, makeValue } from "./values.ts";

/** A started Worker and the messages it sends, in order. */
export interface JobWorker {
  /** The next message the Worker sends (rejects if it fails). */
  message(): Promise<unknown>;
  /** Stops the Worker. */
  terminate(): void;
}

/** Starts a Worker on `job`. */
export function startJob(job: Job): JobWorker {
  const worker = new Worker(new URL("./cache_worker.ts", import.meta.url), { type: "module" });
  const queue: unknown[] = [];
  let waiting: PromiseWithResolvers<unknown> | undefined;
  let failed: Error | undefined;
  worker.onmessage = ({ data }) => {
    if (waiting) waiting.resolve(data);
    else queue.push(data);
    waiting = undefined;
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failed = new Error(`cache worker failed: ${event.message}`);
    waiting?.reject(failed);
  };
  worker.postMessage(job);
  return {
    message() {
      if (queue.length > 0) return Promise.resolve(queue.shift());
      if (failed) return Promise.reject(failed);
      waiting = Promise.withResolvers();
      return waiting.promise;
    },
    terminate: () => worker.terminate(),
  };
}
