import assert from "node:assert/strict";
import { parseDuration } from "./delivery.ts";
import { checkHandlers, type HandlerEnvironment } from "./handlers.ts";
import { formatFQFN } from "./fqfn.ts";
import { decodeFixture, lines } from "./test_utils.ts";

const environment: HandlerEnvironment = {
  connections: { nats: { serverAddress: "nats://n:4222" }, kafka: { brokerAddress: "k:9092" } },
  find: (fn) => ({
    name: fn,
    namespace: "default",
    fqfn: formatFQFN("com.x", "default", fn, "v1"),
  }),
};

/** Checks one handler of `source` on `resource` with the `delivery` lines given. */
function check(source: string, delivery: string, resource = "orders", type = "stream") {
  const { raw, context, report } = decodeFixture(
    `handlers:\n  - type: ${type}\n    source: ${source}\n    resource: ${resource}\n` +
      `    method: GET\n    steps: [{fn: a}]\n    delivery:\n${delivery}`,
  );
  const [handler] = checkHandlers(raw.handlers, environment, context);
  return { delivery: handler?.delivery, problems: lines(report) };
}

Deno.test("delivery - a NATS block with every key, typed", () => {
  const { delivery, problems } = check(
    "nats",
    "      durable: orders-worker\n      maxDeliver: 5\n      backoff: 1.5s\n" +
      "      deadLetter: orders.dead\n",
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(delivery, {
    durable: "orders-worker",
    maxDeliver: 5,
    backoffMs: 1500,
    deadLetter: "orders.dead",
  });
});

Deno.test("delivery - defaults: one attempt, 1 s backoff, no dead letter", () => {
  assert.deepEqual(check("nats", "      durable: w\n").delivery, {
    durable: "w",
    maxDeliver: 1,
    backoffMs: 1000,
  });
});

Deno.test("delivery - Kafka ignores durable, with a warning", () => {
  const { delivery, problems } = check("kafka", "      durable: x\n      maxDeliver: 2\n");
  assert.deepEqual(delivery, { maxDeliver: 2, backoffMs: 1000 });
  assert.deepEqual(problems, [
    "8:16: warning: delivery.durable is ignored for kafka handlers: the consumer group keeps " +
    "the offsets",
  ]);
});

Deno.test("delivery - each bad value is an error at its position", () => {
  assert.deepEqual(check("nats", "      maxDeliver: 0\n").problems, [
    "8:7: handler for resource orders has a 'delivery' block without 'durable': NATS needs a " +
    "JetStream consumer",
    "8:19: handler for resource orders has delivery.maxDeliver 0, but it must be at least 1",
  ]);
  assert.deepEqual(
    check("nats", "      durable: a.b\n      backoff: soon\n      deadLetter: orders.*\n").problems,
    [
      "8:16: handler for resource orders has delivery.durable 'a.b', which is not a consumer " +
      "name ([A-Za-z0-9_-])",
      "9:16: handler for resource orders has delivery.backoff 'soon', which is not a duration " +
      "such as 500ms, 1s or 2m",
      "10:19: handler for resource orders has delivery.deadLetter 'orders.*', expected a NATS " +
      "subject without wildcards or white space",
    ],
  );
  assert.deepEqual(check("kafka", "      deadLetter: orders\n").problems, [
    "8:19: handler for resource orders has delivery.deadLetter 'orders', the handler's own topic",
  ]);
  assert.deepEqual(check("kafka", "      deadLetter: 'no/slash'\n").problems, [
    "8:19: handler for resource orders has delivery.deadLetter 'no/slash', expected a Kafka " +
    "topic name ([A-Za-z0-9._-])",
  ]);
  assert.deepEqual(check("kafka", "      maxDeliver: two\n").problems, [
    "8:19: expected an integer for 'handlers[0].delivery.maxDeliver', found a string",
  ]);
});

Deno.test("delivery - only nats and kafka stream handlers take it", () => {
  for (const [source, type, resource] of [["server", "stream", "/ws"], ["", "request", "/r"]]) {
    assert.deepEqual(check(source, "      maxDeliver: 2\n", resource, type).problems, [
      `8:7: handler for resource ${resource} has a 'delivery' block, which only nats and kafka ` +
      "stream handlers take",
    ]);
  }
});

Deno.test("delivery - a misspelt key is an error with a hint", () => {
  assert.deepEqual(check("kafka", "      maxdelivery: 2\n").problems, [
    "8:7: unknown key 'maxdelivery' in delivery (did you mean 'maxDeliver'?)",
  ]);
});

Deno.test("parseDuration - units, bare seconds, and what is not a duration", () => {
  assert.equal(parseDuration("250ms"), 250);
  assert.equal(parseDuration("2"), 2000);
  assert.equal(parseDuration("1.5s"), 1500);
  assert.equal(parseDuration("2m"), 120_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.equal(parseDuration("0"), 0);
  for (const bad of ["", "-1s", "1 d", "s", "1e3"]) {
    assert.equal(parseDuration(bad), undefined, bad);
  }
});
