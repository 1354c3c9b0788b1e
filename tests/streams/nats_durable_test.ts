/**
 * End-to-end: NATS handlers with `delivery.durable` (JetStream durable consumers) against the
 * shared nats-server with JetStream: a poison message is tried `maxDeliver` times and then
 * dead-lettered with its payload and headers while the messages behind it keep flowing; two
 * processes share one durable consumer; SIGKILL with messages in flight and messages published
 * while no Stratos runs are all answered after a restart; a server without JetStream is a clear
 * start-up error. Every test has subjects, streams and consumers of its own.
 */

import assert from "node:assert/strict";
import { jetstream, type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { headers, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { freePort } from "../../bench/process.ts";
import { DEAD_LETTER_HEADERS } from "../../plugin.ts";
import { startApp } from "../support/app.ts";
import { Arrivals } from "../support/arrivals.ts";
import { finished, stratos } from "../support/cli.ts";
import { ECHO } from "../support/echo_guest.ts";
import { startNatsServer } from "../support/nats_server.ts";
import {
  NATS_URL,
  natsApp,
  type NatsHandlerSpec,
  startStratos,
  type StratosProcess,
  testClient,
  uniqueSubject,
} from "./nats_support.ts";
import { streamName } from "../../plugins/nats/jetstream_setup.ts";

/** A handler on a new subject, with a durable consumer and its results on a subject of its own. */
function durableHandler(name: string, delivery: Record<string, string | number> = {}) {
  const subject = uniqueSubject(name);
  const handler: NatsHandlerSpec = {
    resource: subject,
    fn: ECHO,
    respondTo: `${subject}.results`,
    delivery: { durable: `${name}-${crypto.randomUUID().slice(0, 8)}`, ...delivery },
  };
  return { subject, results: handler.respondTo!, handler };
}

/** Every message on `subject`, as it arrives. */
function listen(nc: NatsConnection, subject: string) {
  const messages: Msg[] = [];
  const arrivals = new Arrivals();
  const subscription = nc.subscribe(subject, {
    callback(_, msg) {
      messages.push(msg);
      arrivals.notify();
    },
  });
  return {
    messages,
    /** The distinct payloads so far. */
    distinct: () => new Set(messages.map((m) => m.string())),
    /** Resolves once `done()` holds; rejects after `timeoutMs` saying how many arrived. */
    until: (done: () => boolean, timeoutMs: number) =>
      arrivals.until(
        done,
        timeoutMs,
        () => `${messages.length} messages on ${subject} after ${timeoutMs} ms`,
      ),
    stop: () => subscription.unsubscribe(),
    flushed: () => nc.flush(),
  };
}

/** Publishes `payloads` through JetStream (each acknowledged by the server: stored). */
async function publishStored(nc: NatsConnection, subject: string, payloads: string[]) {
  const js = jetstream(nc);
  for (let i = 0; i < payloads.length; i += 100) {
    await Promise.all(payloads.slice(i, i + 100).map((p) => js.publish(subject, p)));
  }
}

/** Deletes the streams test runs created (the shared server keeps what it is given). */
async function deleteStreams(jsm: JetStreamManager, names: string[]) {
  for (const name of names) await jsm.streams.delete(name).catch(() => {});
}

const range = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

Deno.test("nats durable - a poison message is dead-lettered after maxDeliver; the rest flows", async () => {
  const { subject, results, handler } = durableHandler("poison", {
    maxDeliver: 3,
    backoff: "100ms",
    deadLetter: "",
  });
  const deadLetter = `${subject}.dead`;
  handler.delivery!.deadLetter = deadLetter;
  const nc = await testClient();
  const jsm = await jetstreamManager(nc);
  // The dead letters are kept in a stream of their own, so their publication is confirmed.
  const deadStream = streamName(deadLetter);
  await jsm.streams.add({ name: deadStream, subjects: [deadLetter] });
  const app = await startApp(await natsApp(NATS_URL, [handler]));
  const out = listen(nc, results);
  const dead = listen(nc, deadLetter);
  try {
    await out.flushed();
    const h = headers();
    h.set("X-Trace", "trace-7");
    const started = performance.now();
    await jetstream(nc).publish(subject, "poison-1", { headers: h });
    await publishStored(nc, subject, range(50, "m"));
    await out.until(() => range(50, "m").every((m) => out.distinct().has(m)), 15_000);
    const flowed = performance.now() - started;
    await dead.until(() => dead.messages.length === 1, 15_000);
    const deadAfter = performance.now() - started;
    console.log(
      `  50 later messages answered in ${flowed.toFixed(0)} ms; poison dead-lettered ` +
        `after ${deadAfter.toFixed(0)} ms`,
    );
    assert.ok(deadAfter >= 300, "two waits (100 ms, then 200 ms) before the last attempt");
    const stored = await jsm.streams.getMessage(deadStream, { seq: 1 });
    const letters = [dead.messages[0], stored!].map((m) => ({
      data: m.data,
      headers: "header" in m ? m.header : m.headers!,
    }));
    for (const letter of letters) {
      assert.equal(new TextDecoder().decode(letter.data), "poison-1", "the original payload");
      assert.equal(letter.headers.get("X-Trace"), "trace-7", "the original headers");
      assert.equal(letter.headers.get(DEAD_LETTER_HEADERS.status), "500");
      assert.equal(letter.headers.get(DEAD_LETTER_HEADERS.attempts), "3");
      assert.match(letter.headers.get(DEAD_LETTER_HEADERS.error), /unreachable/);
      assert.match(
        letter.headers.get(DEAD_LETTER_HEADERS.source),
        new RegExp(`^nats subject ${subject.replaceAll(".", "\\.")}, stream \\S+, sequence 1$`),
      );
    }
    // respondTo gets the poison's error once, after its last attempt.
    await out.until(() => out.messages.length >= 51, 5000);
    const errors = out.messages.filter((m) => m.headers?.get("Stratos-Error") === "500");
    assert.equal(errors.length, 1);
    const { text } = await app.request("/meta/metrics");
    const invocations = Object.values(
      JSON.parse(text).modules as Record<string, { invocations: number }>,
    ).reduce((sum, m) => sum + m.invocations, 0);
    assert.equal(invocations, 53, "3 attempts of the poison, 1 of each other message");
    const info = await jsm.consumers.info(streamName(subject), handler.delivery!.durable as string);
    assert.equal(info.num_ack_pending, 0, "every message acknowledged");
    assert.equal(info.num_pending, 0);
  } finally {
    out.stop();
    dead.stop();
    await app.stop();
    await deleteStreams(jsm, [streamName(subject), deadStream]);
    await nc.close();
  }
});

/** Sums the invocations of every module of a Stratos process. */
async function invocations(p: StratosProcess): Promise<number> {
  const { body } = await p.json("/meta/metrics");
  const modules = body.modules as Record<string, { invocations: number }>;
  return Object.values(modules).reduce((sum, m) => sum + m.invocations, 0);
}

Deno.test("nats durable - two processes share one durable consumer: each message answered once", async () => {
  const { subject, results, handler } = durableHandler("shared", {
    maxDeliver: 2,
    backoff: "50ms",
  });
  // No stream keeps these dead letters: they go out as core messages, to whoever listens.
  const deadLetter = `${subject}.dead`;
  handler.delivery!.deadLetter = deadLetter;
  const dir = await natsApp(NATS_URL, [handler]);
  const nc = await testClient();
  const jsm = await jetstreamManager(nc);
  const out = listen(nc, results);
  const dead = listen(nc, deadLetter);
  const processes = await Promise.all([startStratos(dir), startStratos(dir)]);
  try {
    await out.flushed();
    const payloads = range(400, "m");
    await publishStored(nc, subject, [...payloads.slice(0, 200), "poison", ...payloads.slice(200)]);
    await out.until(() => out.distinct().size === 401, 30_000);
    await dead.until(() => dead.messages.length === 1, 5000);
    assert.equal(dead.messages[0].string(), "poison");
    await new Promise((resolve) => setTimeout(resolve, 300)); // would-be duplicates arrive
    assert.equal(out.messages.length, 401, "no message answered twice");
    const handled = await Promise.all(processes.map(invocations));
    console.log(`  handled per process: ${handled.join(", ")} (2 of them the poison's attempts)`);
    assert.equal(handled[0] + handled[1], 402);
    assert.ok(handled[0] > 0 && handled[1] > 0, "both processes took part");
    const consumers = await jsm.consumers.list(streamName(subject)).next();
    assert.equal(consumers.length, 1, "one consumer for both");
  } finally {
    out.stop();
    dead.stop();
    assert.deepEqual(await Promise.all(processes.map((p) => p.stop())), [0, 0]);
    await deleteStreams(jsm, [streamName(subject)]);
    await nc.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("nats durable - SIGKILL with messages in flight, more published while down: all answered after a restart", async () => {
  const { subject, results, handler } = durableHandler("killed");
  const stream = streamName(subject);
  const durable = handler.delivery!.durable as string;
  // Each message takes a few milliseconds of work, so some are always in flight.
  const dir = await natsApp(NATS_URL, [handler], undefined, 3_000_000);
  const env = { STRATOS_NATS_ACK_WAIT_MS: "2000", STRATOS_NATS_MAX_IN_FLIGHT: "8" };
  const nc = await testClient();
  const jsm = await jetstreamManager(nc);
  const out = listen(nc, results);
  let second: StratosProcess | undefined;
  try {
    await out.flushed();
    const first = await startStratos(dir, env);
    const before = range(300, "a");
    const sending = publishStored(nc, subject, before);
    await out.until(() => out.messages.length >= 30, 20_000);
    assert.equal((await first.kill("SIGKILL")).code, 137);
    const inFlight = (await jsm.consumers.info(stream, durable)).num_ack_pending;
    await sending;
    const answeredBeforeKill = out.distinct().size;
    // Published with no Stratos running: the stream keeps them for the durable consumer.
    const whileDown = range(200, "b");
    await publishStored(nc, subject, whileDown);
    const pending = (await jsm.consumers.info(stream, durable)).num_pending;
    second = await startStratos(dir, env);
    const all = [...before, ...whileDown];
    await out.until(() => all.every((p) => out.distinct().has(p)), 60_000);
    const duplicates = out.messages.length - out.distinct().size;
    console.log(
      `  ${answeredBeforeKill} answered before the SIGKILL with ${inFlight} in flight; ` +
        `${pending} waiting while down; all ${all.length} answered after the restart, ` +
        `${duplicates} twice`,
    );
    assert.ok(inFlight > 0, "messages were in flight when the process was killed");
    assert.ok(answeredBeforeKill < before.length, "killed mid-stream");
    assert.ok(pending >= whileDown.length, "the stream kept what was published while down");
    assert.ok(duplicates <= inFlight, "only messages in flight at the kill were answered twice");
  } finally {
    out.stop();
    if (second) assert.equal(await second.stop(), 0);
    const info = await jsm.consumers.info(stream, durable);
    assert.equal(info.num_ack_pending + info.num_pending, 0, "nothing left behind");
    await deleteStreams(jsm, [stream]);
    await nc.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("nats durable - a server without JetStream: a clear start-up error", async () => {
  const server = await startNatsServer(); // no -js
  const { handler } = durableHandler("nojs");
  const dir = await natsApp(server.url, [handler]);
  try {
    const { code, stderr } = await finished(
      stratos(["start", dir, "--port", String(freePort()), "--hostname", "127.0.0.1"]),
    );
    assert.equal(code, 1);
    assert.match(
      stderr,
      new RegExp(
        `^error\\[STRATOS_ERR_NATS_JETSTREAM\\]: cannot set up the JetStream durable consumer ` +
          `${handler.delivery!.durable} for subject ${handler.resource.replaceAll(".", "\\.")} ` +
          `at ${server.url}: \\S`,
        "m",
      ),
    );
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
