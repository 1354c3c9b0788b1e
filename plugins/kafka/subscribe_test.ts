import assert from "node:assert/strict";
import { subscribe } from "./subscribe.ts";

function consumer(failures: string[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    subscribe() {
      const type = failures[calls++];
      if (!type) return Promise.resolve();
      return Promise.reject(Object.assign(new Error(`error ${type}`), { type }));
    },
  };
}

Deno.test("subscribe - retries while the topic is being created", async () => {
  const c = consumer(["UNKNOWN_TOPIC_OR_PARTITION", "LEADER_NOT_AVAILABLE"]);
  await subscribe(c, ["orders"], true, 5, 1);
  assert.equal(c.calls, 3);
});

Deno.test("subscribe - gives up on other errors, and after the last attempt", async () => {
  const other = consumer(["TOPIC_AUTHORIZATION_FAILED"]);
  await assert.rejects(
    subscribe(other, ["orders"], true, 5, 1),
    /cannot subscribe to Kafka topic\(s\) orders: error TOPIC_AUTHORIZATION_FAILED/,
  );
  assert.equal(other.calls, 1);
  const missing = consumer(Array(5).fill("UNKNOWN_TOPIC_OR_PARTITION"));
  await assert.rejects(subscribe(missing, ["a", "b"], false, 3, 1), /topic\(s\) a, b/);
  assert.equal(missing.calls, 3);
});
