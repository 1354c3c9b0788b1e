/**
 * A mutual-exclusion lock on one Int32 word of shared memory, for the isolates of a process. The
 * word is 0 when free, 1 when held, 2 when held and someone may sleep on it. Taking it tries a
 * compare-and-swap, spins briefly (what it guards lasts about a microsecond), then sleeps with
 * `Atomics.wait` until the holder's `release` wakes one sleeper with `Atomics.notify`. The
 * Atomics operations order every plain read and write made under the lock before the next
 * holder's.
 *
 * A holder always releases (`try`/`finally`); only an isolate terminated in the middle of a
 * cache call could leave the lock held, and then waiters give up after {@link LOCK_TIMEOUT_MS}
 * with an error rather than hang.
 *
 * @module
 */

import { StratosError } from "../../plugin.ts";

/** Longest wait for the lock before a call fails, in ms. */
export const LOCK_TIMEOUT_MS = 5_000;

/** Compare-and-swap attempts before sleeping. */
const SPINS = 200;

/**
 * Takes the lock at `words[index]`.
 * @throws {StratosError} `STRATOS_ERR_CACHE_LOCK` when it stays held past `timeoutMs`
 */
export function acquire(words: Int32Array, index: number, timeoutMs = LOCK_TIMEOUT_MS): void {
  let state = Atomics.compareExchange(words, index, 0, 1);
  for (let spin = 0; state !== 0 && spin < SPINS; spin++) {
    state = Atomics.compareExchange(words, index, 0, 1);
  }
  if (state === 0) return;
  const deadline = Date.now() + timeoutMs;
  // From here on the word says 2 (someone sleeps), so the holder's release wakes a sleeper.
  state = Atomics.exchange(words, index, 2);
  while (state !== 0) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new StratosError(
        "STRATOS_ERR_CACHE_LOCK",
        `the in-memory cache stayed locked for more than ${timeoutMs} ms ` +
          "(an isolate stopped in the middle of a cache call?)",
      );
    }
    Atomics.wait(words, index, 2, left);
    state = Atomics.exchange(words, index, 2);
  }
}

/** Releases the lock at `words[index]`, waking one sleeper if there may be any. */
export function release(words: Int32Array, index: number): void {
  if (Atomics.exchange(words, index, 0) === 2) Atomics.notify(words, index, 1);
}
