import assert from "node:assert/strict";
import { failure, success } from "../request/outcome.ts";
import {
  DEAD_LETTER_HEADERS,
  deadLetterHeaders,
  deliveryFailed,
  judgeDelivery,
  MAX_RETRY_WAIT_MS,
  retryDelayMs,
} from "./delivery.ts";

const reply = (outcome: ReturnType<typeof failure>) => ({ failed: outcome.failed, outcome });
const ok = reply(success(new Uint8Array()));
const trap = reply(failure(500, "wasm trap: unreachable"));
const timeout = reply(failure(504, "timed out after 1 s"));
const notFound = reply(failure(404, "no such order"));
const delivery = { maxDeliver: 3, backoffMs: 100, deadLetter: "orders.dead" };

Deno.test("deliveryFailed - traps, timeouts and 5xx fail; 4xx answers do not", () => {
  assert.equal(deliveryFailed(trap), true);
  assert.equal(deliveryFailed(timeout), true);
  assert.equal(deliveryFailed(notFound), false);
  assert.equal(deliveryFailed(ok), false);
});

Deno.test("judgeDelivery - without a block everything is answered once", () => {
  assert.deepEqual(judgeDelivery(undefined, trap, 1, "x"), { action: "answer" });
});

Deno.test("judgeDelivery - retries with a growing wait, then dead-letters", () => {
  assert.deepEqual(judgeDelivery(delivery, ok, 1, "x"), { action: "answer" });
  assert.deepEqual(judgeDelivery(delivery, notFound, 1, "x"), { action: "answer" });
  assert.deepEqual(judgeDelivery(delivery, trap, 1, "x"), { action: "retry", delayMs: 100 });
  assert.deepEqual(judgeDelivery(delivery, timeout, 2, "x"), { action: "retry", delayMs: 200 });
  assert.deepEqual(judgeDelivery(delivery, trap, 3, "kafka topic orders, partition 1, offset 7"), {
    action: "deadLetter",
    headers: {
      [DEAD_LETTER_HEADERS.status]: "500",
      [DEAD_LETTER_HEADERS.error]: "wasm trap: unreachable",
      [DEAD_LETTER_HEADERS.attempts]: "3",
      [DEAD_LETTER_HEADERS.source]: "kafka topic orders, partition 1, offset 7",
    },
  });
  const { deadLetter: _, ...noDeadLetter } = delivery;
  assert.deepEqual(judgeDelivery(noDeadLetter, trap, 3, "x"), { action: "answer" });
});

Deno.test("retryDelayMs - doubles up to five minutes", () => {
  const d = { maxDeliver: 100, backoffMs: 1000 };
  assert.deepEqual([1, 2, 3, 4].map((n) => retryDelayMs(d, n)), [1000, 2000, 4000, 8000]);
  assert.equal(retryDelayMs(d, 50), MAX_RETRY_WAIT_MS);
  assert.equal(retryDelayMs({ maxDeliver: 1e9, backoffMs: 1 }, 1e9), MAX_RETRY_WAIT_MS, "bounded");
  assert.equal(retryDelayMs({ maxDeliver: 2, backoffMs: 0 }, 1), 0);
  assert.equal(retryDelayMs({ maxDeliver: 9, backoffMs: 600_000 }, 3), 600_000, "long stays long");
});

Deno.test("deadLetterHeaders - values on one line, bounded", () => {
  const headers = deadLetterHeaders({
    status: 500,
    error: "line one\r\nline two\u0000" + "x".repeat(5000),
    attempts: 2,
    source: "nats subject a.b",
  });
  const error = headers[DEAD_LETTER_HEADERS.error];
  assert.match(error, /^line one line two x+…$/);
  assert.equal(error.length, 1024);
});
