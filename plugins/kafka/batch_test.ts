import assert from "node:assert/strict";
import { type BatchSteps, processBatch, type Reply } from "./batch.ts";

const enc = new TextEncoder();
const records = (n: number) => Array.from({ length: n }, (_, i) => ({ offset: String(i) }));

/** Steps that record every call in `events`. */
function recorder(
  options: { stopAfter?: number; failPublish?: boolean; replies?: number; unfinished?: string } =
    {},
) {
  const events: string[] = [];
  let handled = 0;
  const steps: BatchSteps<{ offset: string }> = {
    handle(record) {
      handled++;
      events.push(`handle ${record.offset}`);
      if (record.offset === options.unfinished) return Promise.resolve(undefined);
      const replies: Reply[] = Array.from({ length: options.replies ?? 1 }, () => ({
        topic: "out",
        key: null,
        value: enc.encode(`r${record.offset}`),
        headers: {},
      }));
      return Promise.resolve(replies);
    },
    publish(replies) {
      events.push(`publish ${replies.map((r) => new TextDecoder().decode(r.value)).join(",")}`);
      return options.failPublish ? Promise.reject(new Error("broker down")) : Promise.resolve();
    },
    resolve: (offset) => void events.push(`resolve ${offset}`),
    keepGoing: () => options.stopAfter === undefined || handled < options.stopAfter,
    checkpoint: () => Promise.resolve(void events.push("checkpoint")),
  };
  return { events, steps };
}

const limits = { maxRecords: 2, maxBytes: 1024, maxDelayMs: 1000 };

Deno.test("processBatch - resolves each chunk only after publishing its replies, in order", async () => {
  const { events, steps } = recorder();
  assert.equal(await processBatch(records(3), steps, limits, () => 0), 3);
  assert.deepEqual(events, [
    "handle 0",
    "handle 1",
    "publish r0,r1",
    "resolve 1",
    "checkpoint",
    "handle 2",
    "publish r2",
    "resolve 2",
    "checkpoint",
  ]);
});

Deno.test("processBatch - records without replies are still resolved", async () => {
  const { events, steps } = recorder({ replies: 0 });
  await processBatch(records(1), steps, limits, () => 0);
  assert.deepEqual(events, ["handle 0", "resolve 0", "checkpoint"]);
});

Deno.test("processBatch - stops when told, publishing and resolving what it handled", async () => {
  const { events, steps } = recorder({ stopAfter: 1 });
  assert.equal(await processBatch(records(3), steps, limits, () => 0), 1);
  assert.deepEqual(events, ["handle 0", "publish r0", "resolve 0", "checkpoint"]);
});

Deno.test("processBatch - an unfinished record ends the batch, unresolved", async () => {
  const { events, steps } = recorder({ unfinished: "1" });
  assert.equal(await processBatch(records(3), steps, limits, () => 0), 1);
  assert.deepEqual(events, ["handle 0", "handle 1", "publish r0", "resolve 0", "checkpoint"]);
});

Deno.test("processBatch - a failed publish leaves the chunk unresolved", async () => {
  const { events, steps } = recorder({ failPublish: true });
  await assert.rejects(processBatch(records(2), steps, limits, () => 0), /broker down/);
  assert.ok(!events.some((e) => e.startsWith("resolve")));
});

Deno.test("processBatch - flushes on bytes and on elapsed time", async () => {
  const bySize = recorder();
  await processBatch(records(3), bySize.steps, { ...limits, maxRecords: 99, maxBytes: 2 }, () => 0);
  assert.equal(bySize.events.filter((e) => e.startsWith("publish")).length, 3);
  let clock = 0;
  const byTime = recorder();
  await processBatch(
    records(3),
    byTime.steps,
    { ...limits, maxRecords: 99, maxDelayMs: 10 },
    () => {
      clock += 10;
      return clock;
    },
  );
  assert.deepEqual(byTime.events.filter((e) => e.startsWith("publish")), [
    "publish r0",
    "publish r1",
    "publish r2",
  ]);
});
