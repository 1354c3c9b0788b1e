import assert from "node:assert/strict";
import { SharedMemoryCache } from "./shared_memory.ts";
import { checkValue, type HammerReport, startJob } from "./testdata/mod.ts";

const KEYS = 10;
const WORKERS = 4;

Deno.test("SharedMemoryCache - 4 Workers hammering the same keys read only whole values that were written", async () => {
  // Fewer entries and bytes than the keys want, so sets evict while others read.
  const cache = new SharedMemoryCache({ maxEntries: 6, maxBytes: 12 * 1024 });
  const go = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    startJob({
      job: "hammer",
      buffer: cache.buffer,
      go,
      writer: i + 1,
      iterations: 40_000,
      keys: KEYS,
    }));
  try {
    const started = Date.now();
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    const reports = await Promise.all(workers.map((w) => w.message())) as HammerReport[];
    const took = Date.now() - started;
    assert.ok(took < 60_000, `took ${took} ms`);
    for (const [i, report] of reports.entries()) {
      assert.deepEqual(report.bad, [], `worker ${i + 1} read torn or mixed values`);
      assert.ok(report.sets > 10_000 && report.hits > 1_000, JSON.stringify(report));
      for (const [writer, seq] of Object.entries(report.highest)) {
        const sets = reports[Number(writer) - 1].sets;
        assert.ok(seq <= sets, `read writer ${writer}'s value #${seq}; it set only ${sets}`);
      }
    }
    const foreign = reports.reduce((sum, r) => sum + r.foreign, 0);
    assert.ok(foreign > 0, "no worker read a value another one set");
    assert.ok(cache.size <= 6 && cache.size > 0, `${cache.size} entries`);
    assert.ok(cache.bytes <= 12 * 1024, `${cache.bytes} bytes`);
    for (let key = 0; key < KEYS; key++) {
      const value = cache.get(`key-${key}`);
      if (value !== undefined) assert.equal(typeof checkValue(value, key), "object");
    }
  } finally {
    for (const worker of workers) worker.terminate();
  }
});
