/**
 * The NATS subscription of one handler against the real server, with a stand-in for the kernel
 * (its `execute`) so the test controls when steps finish: the bound on messages in flight, and
 * the reply when running the steps throws.
 */

import assert from "node:assert/strict";
import type { Handler, PluginContext, SequenceOutcome } from "../../mod.ts";
import { createLogger, Telemetry } from "../../mod.ts";
import { subscribeHandler } from "../../plugins/nats/subscription.ts";
import { collect, testClient, uniqueSubject } from "./nats_support.ts";

const enc = new TextEncoder();

/** A context whose `execute` is `execute`; the rest is unused by a subscription. */
function context(execute: PluginContext["execute"]): PluginContext {
  const telemetry = new Telemetry();
  return { execute, log: createLogger({ level: "off" }), telemetry } as unknown as PluginContext;
}

function handler(resource: string, respondTo?: string): Handler {
  return { type: "stream", source: "nats", resource, respondTo, steps: [] };
}

Deno.test("nats subscription - at most maxInFlight messages run at once, the rest wait in order", async () => {
  const nc = await testClient();
  const subject = uniqueSubject("bounded");
  const results = uniqueSubject("bounded-results");
  const started: string[] = [];
  const finish: (() => void)[] = [];
  let running = 0;
  let most = 0;
  const ctx = context((_, request) => {
    const body = new TextDecoder().decode(request.body);
    started.push(body);
    most = Math.max(most, ++running);
    const { promise, resolve } = Promise.withResolvers<SequenceOutcome>();
    finish.push(() => {
      running--;
      resolve({ status: 200, body: enc.encode(`done ${body}`), failed: false });
    });
    return promise;
  });
  const subscription = subscribeHandler(ctx, nc, handler(subject, results), {
    queueGroup: undefined,
    maxInFlight: 2,
  });
  try {
    await nc.flush();
    const received = collect(nc, results, 6);
    for (let i = 0; i < 6; i++) nc.publish(subject, `m${i}`);
    await nc.flush();
    await new Promise((r) => setTimeout(r, 200)); // room for a third to start, if it could
    assert.deepEqual(started, ["m0", "m1"]);
    for (let i = 0; i < 1000 && (finish.length > 0 || started.length < 6); i++) {
      finish.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    const messages = await received;
    assert.equal(most, 2);
    assert.deepEqual(started, ["m0", "m1", "m2", "m3", "m4", "m5"]);
    assert.deepEqual(messages.map((m) => m.string()).sort(), started.map((s) => `done ${s}`));
  } finally {
    await subscription.stop(1000, true);
    await nc.close();
  }
});

Deno.test("nats subscription - steps that throw are answered with a 500 error", async () => {
  const nc = await testClient();
  const subject = uniqueSubject("throws");
  const ctx = context(() => {
    throw new Error("kernel bug");
  });
  const subscription = subscribeHandler(ctx, nc, handler(subject), {
    queueGroup: "q",
    maxInFlight: 4,
  });
  try {
    await nc.flush();
    const reply = await nc.request(subject, "x", { timeout: 5000 });
    assert.equal(reply.headers?.get("Stratos-Error"), "500");
    assert.deepEqual(reply.json(), { status: 500, message: "failed to handle message" });
  } finally {
    await subscription.stop(1000, true);
    await nc.close();
  }
});
