import assert from "node:assert/strict";
import { createLogger, type LeaseStore } from "../../plugin.ts";
import { LeaseKeeper, type LeaseUser } from "./lease_keeper.ts";

const quiet = createLogger({ level: "off" });
const TTL = 1000;

/** Leases in memory, timed by the real clock; `down` makes every call fail. */
class MemoryStore implements LeaseStore {
  readonly name = "memory";
  down = false;
  #fence = 0;
  readonly #leases = new Map<string, { holder: string; fence: number; until: number }>();

  acquire(key: string, holder: string, ttlMs: number): Promise<number | undefined> {
    if (this.down) return Promise.reject(new Error("store unreachable"));
    const lease = this.#leases.get(key);
    const now = performance.now();
    if (lease && lease.until > now && lease.holder !== holder) return Promise.resolve(undefined);
    const fence = lease && lease.until > now ? lease.fence : ++this.#fence;
    this.#leases.set(key, { holder, fence, until: now + ttlMs });
    return Promise.resolve(fence);
  }

  release(key: string, holder: string): Promise<void> {
    if (this.#leases.get(key)?.holder === holder) this.#leases.delete(key);
    return Promise.resolve();
  }
}

/** A user that records what it was told. */
function recorder(): LeaseUser & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: (fence) => void calls.push(`run ${fence}`),
    pause: () => void calls.push("pause"),
  };
}

const keeper = (store: LeaseStore, holder: string) =>
  new LeaseKeeper(store, { key: "schedules:app", holder, ttlMs: TTL, log: quiet });

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (at most 5 s) until `done()`. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!done()) {
    assert.ok(performance.now() < deadline, `never: ${what}`);
    await delay(10);
  }
}

/** Keeper `a` on `storeA`, holding the lease, and `b` on `storeB`, which found it taken. */
async function holderAndStandby(storeA: LeaseStore, storeB: LeaseStore) {
  const [a, b] = [keeper(storeA, "a"), keeper(storeB, "b")];
  const [ua, ub] = [recorder(), recorder()];
  a.attach(ua, storeA);
  await until(() => a.held, "a holds");
  b.attach(ub, storeB);
  await until(() => b.health.state === "up", "b asked");
  return { a, b, ua, ub };
}

Deno.test("LeaseKeeper - one of two holds; when it stops the other takes over at once", async () => {
  const store = new MemoryStore();
  const { a, b, ua, ub } = await holderAndStandby(store, store);
  assert.deepEqual([a.held, b.held, a.fence], [true, false, 1]);
  assert.deepEqual(ua.calls, ["run 1"]);
  assert.deepEqual(ub.calls.filter((c) => c.startsWith("run")), [], "b never ran");
  const stopped = performance.now();
  await a.detach(ua);
  assert.equal(a.health.state, "closed");
  await until(() => b.held, "b takes over");
  assert.ok(performance.now() - stopped < TTL, "given up, not left to run out");
  assert.equal(b.fence, 2, "a new fence");
  assert.deepEqual(ub.calls.at(-1), "run 2");
  await b.detach(ub);
});

/** A store reached through a connection that can be cut: then every call fails. */
class Severable implements LeaseStore {
  readonly name = "severable";
  cut = false;
  constructor(private readonly inner: LeaseStore) {}
  acquire(key: string, holder: string, ttlMs: number) {
    return this.cut ? Promise.reject(new Error("gone")) : this.inner.acquire(key, holder, ttlMs);
  }
  release(key: string, holder: string) {
    return this.cut ? Promise.reject(new Error("gone")) : this.inner.release(key, holder);
  }
}

Deno.test("LeaseKeeper - a holder that dies is replaced once its lease ran out", async () => {
  const store = new MemoryStore();
  const line = new Severable(store);
  const { a, b, ua, ub } = await holderAndStandby(line, store);
  line.cut = true; // a's host is gone: it neither extends nor gives up its lease
  const died = performance.now();
  await until(() => b.held, "b takes over");
  const waited = performance.now() - died;
  assert.ok(waited >= TTL / 2 && waited < TTL * 3, `took over after ${waited} ms`);
  assert.equal(a.held, false, "a had stopped running them by then");
  assert.equal(ua.calls.at(-1), "pause");
  await Promise.all([a.detach(ua), b.detach(ub)]);
});

Deno.test("LeaseKeeper - a holder whose store stops answering stops running before its lease ends", async () => {
  const store = new MemoryStore();
  const a = keeper(store, "a");
  const ua = recorder();
  a.attach(ua, store);
  await until(() => a.held, "a holds");
  const cut = performance.now();
  store.down = true;
  await until(() => !a.held, "a lets go");
  assert.ok(performance.now() - cut < TTL, "before the lease could end in the store");
  assert.equal(ua.calls.at(-1), "pause");
  assert.equal(a.health.state, "down");
  store.down = false;
  await until(() => a.held, "a holds again");
  assert.equal(a.health.state, "up");
  await a.detach(ua);
});

Deno.test("LeaseKeeper - a reload: the newest version runs the schedules, on its own store", async () => {
  const first = new MemoryStore();
  const a = keeper(first, "a");
  const [v1, v2] = [recorder(), recorder()];
  a.attach(v1, first);
  await until(() => a.held, "a holds");
  a.attach(v2, first);
  assert.deepEqual(v1.calls, ["run 1", "pause"]);
  assert.deepEqual(v2.calls, ["run 1"], "same store: at once, same fence");
  await a.detach(v1); // the old version stops
  assert.ok(a.held);

  const second = new MemoryStore(); // a version with a connection of its own
  const v3 = recorder();
  a.attach(v3, second);
  await until(() => v3.calls.some((c) => c.startsWith("run")), "v3 runs");
  assert.equal(await first.acquire("schedules:app", "other", TTL), 2, "given up on the old store");
  await a.detach(v3); // v3 failed to start: v2 is the newest again, back on the first store
  await until(() => a.health.state === "up" && !a.held, "v2's store answered");
  assert.equal(v2.calls.at(-1), "pause", "another holds the lease there now: v2 does not run");
  await a.detach(v2);
  assert.equal(a.health.state, "closed");
});
