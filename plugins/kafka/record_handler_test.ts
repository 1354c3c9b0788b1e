import assert from "node:assert/strict";
import {
  type CoordinatedRequest,
  createLogger,
  DEAD_LETTER_HEADERS,
  ERROR_HEADER,
  failure,
  type Handler,
  type PluginContext,
  type SequenceOutcome,
  Telemetry,
} from "../../plugin.ts";
import { recordHandler, type RecordPlace } from "./record_handler.ts";

/** Partition 3; pauses are recorded and return at once (`false` once `stopAfter` were made). */
function place(pauses: number[] = [], stopAfter = Infinity): RecordPlace {
  return {
    partition: 3,
    pause: (ms) => Promise.resolve(pauses.push(ms) <= stopAfter),
  };
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A context whose `execute` answers `hello <body>`, or fails for the body `fail`. */
function fakeContext(seen: CoordinatedRequest[]): PluginContext {
  const execute = (_steps: unknown, request: CoordinatedRequest): SequenceOutcome => {
    seen.push(request);
    const body = dec.decode(request.body);
    if (body === "boom") throw new Error("executor bug");
    if (body === "fail") return failure(404, "nope");
    if (body === "trap") return failure(500, "wasm trap: unreachable");
    return { status: 200, body: enc.encode(`hello ${body}`), failed: false };
  };
  const telemetry = new Telemetry();
  return { execute, log: createLogger({ level: "off" }), telemetry } as unknown as PluginContext;
}

const handler = (respondTo?: string, delivery?: Handler["delivery"]): Handler => ({
  type: "stream",
  source: "kafka",
  resource: "in",
  steps: [{ fn: "hello", fqfn: "hello" }],
  respondTo,
  ...(delivery ? { delivery } : {}),
});

Deno.test("recordHandler - replies to respondTo with the inbound key; headers lower-cased", async () => {
  const seen: CoordinatedRequest[] = [];
  const handle = recordHandler(fakeContext(seen), [handler("out"), handler()]);
  const replies = (await handle({
    offset: "7",
    key: enc.encode("k1"),
    value: enc.encode("world"),
    headers: { "X-Greeting": enc.encode("hi") },
  }, place()))!;
  assert.equal(replies.length, 1, "only the handler with respondTo replies");
  assert.equal(replies[0].topic, "out");
  assert.equal(dec.decode(replies[0].key!), "k1");
  assert.equal(dec.decode(replies[0].value), "hello world");
  assert.deepEqual(replies[0].headers, {});
  assert.equal(seen.length, 2, "both handlers ran");
  assert.equal(seen[0].method, "STREAM");
  assert.equal(seen[0].header("x-greeting"), "hi");
});

Deno.test("recordHandler - failures reply with the error JSON and the error header", async () => {
  const handle = recordHandler(fakeContext([]), [handler("out")]);
  const [failed] = (await handle({ offset: "1", key: null, value: enc.encode("fail") }, place()))!;
  assert.equal(failed.headers[ERROR_HEADER], "404");
  assert.deepEqual(JSON.parse(dec.decode(failed.value)), { status: 404, message: "nope" });
  const [crashed] = (await handle({ offset: "2", key: null, value: enc.encode("boom") }, place()))!;
  assert.equal(crashed.headers[ERROR_HEADER], "500");
  assert.equal(crashed.key, null);
});

Deno.test("recordHandler - a tombstone is an empty body", async () => {
  const handle = recordHandler(fakeContext([]), [handler("out")]);
  const [reply] = (await handle({ offset: "3", key: null, value: null }, place()))!;
  assert.equal(dec.decode(reply.value), "hello ");
});

Deno.test("recordHandler - delivery: retries after growing waits, then dead-letters the original", async () => {
  const seen: CoordinatedRequest[] = [];
  const delivery = { maxDeliver: 3, backoffMs: 100, deadLetter: "in.dead" };
  const handle = recordHandler(fakeContext(seen), [handler("out", delivery)]);
  const pauses: number[] = [];
  const headers = { "X-Trace": enc.encode("t-1") };
  const replies = (await handle(
    { offset: "9", key: enc.encode("k"), value: enc.encode("trap"), headers },
    place(pauses),
  ))!;
  assert.equal(seen.length, 3, "three attempts");
  assert.deepEqual(pauses, [100, 200]);
  const [dead, answer] = replies;
  assert.equal(dead.topic, "in.dead");
  assert.equal(dec.decode(dead.key!), "k");
  assert.equal(dec.decode(dead.value), "trap", "the original value");
  assert.equal(dead.headers["X-Trace"], headers["X-Trace"], "the original headers");
  assert.equal(dead.headers[DEAD_LETTER_HEADERS.status], "500");
  assert.equal(dead.headers[DEAD_LETTER_HEADERS.error], "wasm trap: unreachable");
  assert.equal(dead.headers[DEAD_LETTER_HEADERS.attempts], "3");
  assert.equal(dead.headers[DEAD_LETTER_HEADERS.source], "kafka topic in, partition 3, offset 9");
  assert.equal(answer.topic, "out");
  assert.equal(answer.headers[ERROR_HEADER], "500", "respondTo still gets the error");
});

Deno.test("recordHandler - delivery: a 4xx is an answer; a stop mid-retries leaves the record", async () => {
  const seen: CoordinatedRequest[] = [];
  const delivery = { maxDeliver: 5, backoffMs: 10, deadLetter: "in.dead" };
  const handle = recordHandler(fakeContext(seen), [handler("out", delivery)]);
  const [answer] = (await handle({ offset: "1", key: null, value: enc.encode("fail") }, place()))!;
  assert.equal(answer.headers[ERROR_HEADER], "404");
  assert.equal(seen.length, 1, "no retry for a 4xx");
  const stopped = await handle({ offset: "2", key: null, value: enc.encode("boom") }, place([], 1));
  assert.equal(stopped, undefined, "not finished: fetched again later");
  assert.equal(seen.length, 3, "two attempts before the stop");
});
