/**
 * Waiting for something with a time limit, for stopping: draining must not hang forever on a
 * server that has gone away.
 *
 * @module
 */

/** Waits for `promise` at most `ms`; `true` if it settled in time (a rejection counts). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
