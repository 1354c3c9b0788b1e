import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  createLogger,
  failure,
  type Handler,
  type PluginContext,
  type SequenceOutcome,
  success,
  Telemetry,
} from "@stratos/runtime/plugin";
import { type Publisher, subscribeChannels, type Subscriber } from "./channels.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A subscriber whose messages the test sends, and a publisher that records what it got. */
function connections(publishFails = false) {
  let deliver: (channel: Buffer, message: Buffer) => void = () => {};
  const calls: string[] = [];
  const published: [string, string][] = [];
  const subscriber: Subscriber = {
    on(_event, listener) {
      deliver = listener;
    },
    subscribe: (...channels) => Promise.resolve(void calls.push(`subscribe ${channels}`)),
    unsubscribe: (...channels) => Promise.resolve(void calls.push(`unsubscribe ${channels}`)),
  };
  const publisher: Publisher = {
    publish(channel, message) {
      if (publishFails) return Promise.reject(new Error("Stream isn't writeable"));
      published.push([channel, text(message)]);
      return Promise.resolve(1);
    },
  };
  const send = (channel: string, message: string) =>
    deliver(Buffer.from(channel), Buffer.from(message));
  return { subscriber, publisher, send, calls, published };
}

/** A context whose `execute` is `run` (given the handler's first fn and the body). */
function context(run: (fn: string, body: string) => SequenceOutcome | Promise<SequenceOutcome>) {
  const logs: Record<string, unknown>[] = [];
  const ctx = {
    log: createLogger({ level: "warn", sink: (line) => logs.push(JSON.parse(line)) }),
    execute: (steps: Handler["steps"], request: { body: Uint8Array }) =>
      run((steps[0] as { fn: string }).fn, text(request.body)),
    telemetry: new Telemetry(),
  } as unknown as PluginContext;
  return { ctx, logs };
}

const handler = (fn: string, resource: string, respondTo?: string): Handler => ({
  type: "stream",
  source: "redis-pubsub",
  resource,
  ...(respondTo === undefined ? {} : { respondTo }),
  steps: [{ fn, fqfn: `com.x#default::${fn}@v1` }],
});

const settled = () => new Promise((r) => setTimeout(r, 0));

Deno.test("subscribeChannels - each message runs every handler of its channel, results to respondTo", async () => {
  const { subscriber, publisher, send, calls, published } = connections();
  const seen: string[] = [];
  const { ctx } = context((fn, body) => {
    seen.push(`${fn} ${body}`);
    return success(new TextEncoder().encode(`${fn}: ${body}`));
  });
  const source = await subscribeChannels(ctx, subscriber, publisher, [
    handler("hello", "a", "a.one"),
    handler("shout", "a", "a.two"),
    handler("hello", "b"), // no respondTo: the steps run, the result is not published
  ], 4);
  assert.deepEqual(source.channels, ["a", "b"]);
  assert.deepEqual(calls, ["subscribe a,b"]);
  send("a", "x");
  send("b", "y");
  send("c", "z"); // no handler
  await settled();
  assert.deepEqual(seen, ["hello x", "shout x", "hello y"]);
  assert.deepEqual(published, [["a.one", "hello: x"], ["a.two", "shout: x"]]);
  await source.stop(1000);
  assert.deepEqual(calls, ["subscribe a,b", "unsubscribe a,b"]);
});

Deno.test("subscribeChannels - a failure is published as the error JSON; a throw as a 500", async () => {
  const { subscriber, publisher, send, published } = connections();
  const { ctx, logs } = context((fn) => {
    if (fn === "broken") throw new Error("a bug");
    return failure(404, "no planet named ");
  });
  await subscribeChannels(ctx, subscriber, publisher, [
    handler("find", "planets", "planets.out"),
    handler("broken", "bugs", "bugs.out"),
  ], 4);
  send("planets", "mars");
  send("bugs", "x");
  await settled();
  assert.deepEqual(published.toSorted(), [
    ["bugs.out", '{"status":500,"message":"failed to handle message"}'],
    ["planets.out", '{"status":404,"message":"no planet named "}'],
  ]);
  assert.ok(logs.some((l) => l.msg === "failed to handle Redis message"));
});

Deno.test("subscribeChannels - a result that cannot be published is logged, nothing else fails", async () => {
  const { subscriber, publisher, send } = connections(true);
  const { ctx, logs } = context(() => success(new Uint8Array([1])));
  const source = await subscribeChannels(ctx, subscriber, publisher, [handler("f", "a", "o")], 1);
  send("a", "x");
  send("a", "y");
  await source.stop(1000);
  const failed = logs.filter((l) => l.msg === "failed to publish a Redis result");
  assert.deepEqual(failed.map((l) => [l.channel, l.error]), [
    ["o", "Stream isn't writeable"],
    ["o", "Stream isn't writeable"],
  ]);
});

Deno.test("subscribeChannels - at most maxInFlight at once; stop waits for the messages in hand", async () => {
  const { subscriber, publisher, send, published } = connections();
  const pending: (() => void)[] = [];
  const { ctx } = context((_fn, body) =>
    new Promise((resolve) =>
      pending.push(() => resolve(success(new TextEncoder().encode(`done ${body}`))))
    )
  );
  const source = await subscribeChannels(ctx, subscriber, publisher, [handler("f", "a", "o")], 2);
  for (const m of ["1", "2", "3"]) send("a", m);
  await settled();
  assert.equal(pending.length, 2, "the third waits for a slot");
  let stopped = false;
  const stopping = source.stop(5000).then(() => stopped = true);
  pending.shift()!();
  await settled();
  assert.equal(pending.length, 2, "the freed slot went to the third");
  assert.equal(stopped, false);
  for (const done of pending.splice(0)) done();
  await stopping;
  assert.deepEqual(published.map(([, m]) => m), ["done 1", "done 2", "done 3"]);
});

Deno.test("subscribeChannels - stop gives up after its time limit, saying so", async () => {
  const { subscriber, publisher, send } = connections();
  const { ctx, logs } = context(() => new Promise(() => {}));
  const source = await subscribeChannels(ctx, subscriber, publisher, [handler("f", "a", "o")], 2);
  send("a", "stuck");
  const started = performance.now();
  await source.stop(50);
  assert.ok(performance.now() - started < 2000);
  assert.deepEqual(
    logs.map((l) => [l.msg, l.count]),
    [["stopped with Redis messages still in flight", 1]],
  );
});
