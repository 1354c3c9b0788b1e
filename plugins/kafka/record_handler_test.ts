import assert from "node:assert/strict";
import {
  type CoordinatedRequest,
  createLogger,
  ERROR_HEADER,
  type Handler,
  type PluginContext,
  type SequenceOutcome,
} from "../../plugin.ts";
import { recordHandler } from "./record_handler.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A context whose `execute` answers `hello <body>`, or fails for the body `fail`. */
function fakeContext(seen: CoordinatedRequest[]): PluginContext {
  const execute = (_steps: unknown, request: CoordinatedRequest): SequenceOutcome => {
    seen.push(request);
    const body = dec.decode(request.body);
    if (body === "boom") throw new Error("executor bug");
    if (body === "fail") {
      return {
        status: 404,
        body: enc.encode('{"status":404,"message":"nope"}'),
        failed: true,
        error: { code: 404, message: "nope" },
      };
    }
    return { status: 200, body: enc.encode(`hello ${body}`), failed: false };
  };
  return { execute, log: createLogger({ level: "off" }) } as unknown as PluginContext;
}

const handler = (respondTo?: string): Handler => ({
  type: "stream",
  source: "kafka",
  resource: "in",
  steps: [{ fn: "hello", fqfn: "hello" }],
  respondTo,
});

Deno.test("recordHandler - replies to respondTo with the inbound key; headers lower-cased", async () => {
  const seen: CoordinatedRequest[] = [];
  const handle = recordHandler(fakeContext(seen), [handler("out"), handler()]);
  const replies = await handle({
    offset: "7",
    key: enc.encode("k1"),
    value: enc.encode("world"),
    headers: { "X-Greeting": enc.encode("hi") },
  });
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
  const [failed] = await handle({ offset: "1", key: null, value: enc.encode("fail") });
  assert.equal(failed.headers[ERROR_HEADER], "404");
  assert.deepEqual(JSON.parse(dec.decode(failed.value)), { status: 404, message: "nope" });
  const [crashed] = await handle({ offset: "2", key: null, value: enc.encode("boom") });
  assert.equal(crashed.headers[ERROR_HEADER], "500");
  assert.equal(crashed.key, null);
});

Deno.test("recordHandler - a tombstone is an empty body", async () => {
  const handle = recordHandler(fakeContext([]), [handler("out")]);
  const [reply] = await handle({ offset: "3", key: null, value: null });
  assert.equal(dec.decode(reply.value), "hello ");
});
