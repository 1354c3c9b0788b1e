/**
 * End-to-end: Kafka stream handlers against a real broker: respondTo replies
 * with the inbound key, errors with the Stratos-Error header, headers and Grav envelopes, load
 * sharing in a consumer group across processes, at-least-once delivery across a SIGKILL, commits
 * on a clean SIGTERM, and a clear error when the broker is down at start.
 *
 * The broker is at STRATOS_TEST_KAFKA_BROKERS (default 127.0.0.1:9092; `tests/infra/services.ts up
 * kafka` starts one). Every test uses its own topics and consumer group.
 */

import assert from "node:assert/strict";
import { freePort } from "../../bench/process.ts";
import { DEAD_LETTER_HEADERS } from "../../plugin.ts";
import { startApp } from "../support/app.ts";
import { ECHO } from "../support/echo_guest.ts";
import { tcpProxy } from "../support/tcp_proxy.ts";
import { finished, ROOT, stratos } from "../support/cli.ts";
import {
  BROKERS_ENV,
  collect,
  invocations,
  KAFKA_BROKERS,
  kafkaApp,
  type OutRecord,
  startStratos,
  type StratosProcess,
  tally,
  testProducer,
  uniqueTopic,
} from "./kafka_support.ts";

/** kafkajs keeps timers and sockets of disconnected clients alive for a moment. */
const KAFKA_TEST = { sanitizeOps: false, sanitizeResources: false };

/** A session timeout short enough that a killed process's partitions move quickly. */
const FAST_FAILOVER = { STRATOS_KAFKA_SESSION_TIMEOUT_MS: "6000" };

const numbered = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${prefix}${i}` }));

/** Checks that `values` are exactly `hello <prefix>0..n-1`, each at least once; returns tally. */
function assertAllGreeted(values: string[], n: number, prefix: string) {
  const expected = new Set(numbered(n, prefix).map((r) => `hello ${r.value}`));
  for (const value of values) assert.ok(expected.has(value), `unexpected result ${value}`);
  const counts = tally(values);
  assert.equal(counts.distinct, n, "every message has a result");
  return counts;
}

Deno.test({
  name: "kafka - stream handlers: respondTo, keys, errors, headers, envelopes, health",
  ...KAFKA_TEST,
  async fn(t) {
    const topic = {
      hello: uniqueTopic("hello"),
      helloOut: uniqueTopic("hello-out"),
      fail: uniqueTopic("fail"),
      failOut: uniqueTopic("fail-out"),
      inspect: uniqueTopic("inspect"),
      inspectOut: uniqueTopic("inspect-out"),
    };
    const dir = await kafkaApp([
      { resource: topic.hello, respondTo: topic.helloOut, fn: "hello" },
      { resource: topic.fail, respondTo: topic.failOut, fn: "find-planet" },
      { resource: topic.inspect, respondTo: topic.inspectOut, fn: "inspect" },
    ]);
    const app = await startApp(dir, { healthDetails: true });
    const producer = await testProducer();
    const results = await Promise.all(
      [topic.helloOut, topic.failOut, topic.inspectOut].map((out) => collect(out)),
    );
    const [helloOut, failOut, inspectOut] = results;
    try {
      await t.step("produce → hello → respondTo, with the inbound key", async () => {
        await producer.send(topic.hello, [{ key: "a", value: "kafka" }, { value: "no key" }]);
        const got = await helloOut.waitFor((r) => r.length >= 2);
        const byValue = new Map(got.map((r) => [r.value, r]));
        assert.equal(byValue.get("hello kafka")?.key, "a");
        assert.equal(byValue.get("hello no key")?.key, null);
        assert.deepEqual(byValue.get("hello kafka")?.headers, {}, "a success has no headers");
      });

      await t.step("a Grav envelope is unwrapped", async () => {
        const envelope = JSON.stringify({
          meta: { uuid: "1b4e", parent_id: "", response_to: "", msg_type: topic.hello },
          payload: { data: btoa("atmo") },
        });
        await producer.send(topic.hello, [{ key: "g", value: envelope }]);
        const got = await helloOut.waitFor((r) => r.some((x) => x.key === "g"));
        assert.equal(got.find((x) => x.key === "g")?.value, "hello atmo");
      });

      await t.step("a failure publishes the error JSON with Stratos-Error", async () => {
        await producer.send(topic.fail, [{ key: "f", value: "pluto" }]);
        const [reply] = await failOut.waitFor((r) => r.length >= 1);
        assert.equal(reply.key, "f");
        assert.equal(reply.headers["Stratos-Error"], "404");
        const error = JSON.parse(reply.value);
        assert.equal(error.status, 404);
        assert.match(error.message, /no planet named/);
      });

      await t.step("record headers are request headers; the method is STREAM", async () => {
        await producer.send(topic.inspect, [{
          value: JSON.stringify({ message: "hi" }),
          headers: { "X-Greeting": "hello from kafka" },
        }]);
        const [reply] = await inspectOut.waitFor((r) => r.length >= 1);
        const seen = JSON.parse(reply.value);
        assert.equal(seen.greeting, "hello from kafka");
        assert.equal(seen.method, "STREAM");
        assert.equal(seen.url, topic.inspect);
        assert.equal(seen.message, "hi");
      });

      await t.step("GET /health reports the connection", async () => {
        const health = JSON.parse((await app.request("/health")).text);
        assert.equal(health.checks.kafka.healthy, true);
        assert.equal(health.checks.kafka.state, "up");
      });
    } finally {
      await Promise.all(results.map((c) => c.stop()));
      await producer.close();
      await app.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "kafka - two processes in one group share a topic: each message handled once",
  ...KAFKA_TEST,
  async fn() {
    const input = uniqueTopic("shared");
    const output = uniqueTopic("shared-out");
    const identifier = `com.stratos.${uniqueTopic("fleet")}`;
    const app = await kafkaApp([{ resource: input, respondTo: output, fn: "hello" }], identifier);
    const joined = /kafka consumer joined the group/;
    const a = await startStratos(app);
    await a.waitForLine(joined); // the app serves before its consumer is in the group
    const b = await startStratos(app);
    const producer = await testProducer();
    const results = await collect(output);
    try {
      // B's join makes A rejoin: both are in the same generation once A joined twice.
      await Promise.all([a.waitForCount(joined, 2), b.waitForLine(joined)]);
      for (const p of [a, b]) {
        const last = p.lines.filter((l) => joined.test(l)).at(-1)!;
        const assigned = JSON.parse(last).assignment[input] ?? [];
        assert.ok(assigned.length > 0, "each process owns partitions");
      }
      await producer.send(input, numbered(1000, "m"));
      const got = await results.waitFor((r) => r.length >= 1000, 30_000);
      const counts = assertAllGreeted(got.map((r) => r.value), 1000, "m");
      await new Promise((resolve) => setTimeout(resolve, 500)); // would-be duplicates arrive
      assert.equal(results.records.length, 1000, "no message was handled twice");
      assert.equal(counts.duplicates, 0);
      const fqfn = `${identifier}#default::hello@v0.1.0`;
      const [byA, byB] = [await invocations(a, fqfn), await invocations(b, fqfn)];
      console.log(`  process A handled ${byA}, process B handled ${byB}`);
      assert.ok(byA > 0 && byB > 0, "both processes took part");
      assert.equal(byA + byB, 1000);
    } finally {
      await results.stop();
      await producer.close();
      await Promise.all([a.kill("SIGTERM"), b.kill("SIGTERM")]);
      await Deno.remove(app, { recursive: true });
    }
  },
});

Deno.test({
  name: "kafka - SIGKILL mid-stream and restart: every message is handled (at-least-once)",
  ...KAFKA_TEST,
  async fn() {
    const input = uniqueTopic("killed");
    const output = uniqueTopic("killed-out");
    const app = await kafkaApp([{ resource: input, respondTo: output, fn: "hello" }]);
    const producer = await testProducer();
    const results = await collect(output);
    let second: StratosProcess | undefined;
    try {
      const first = await startStratos(app, FAST_FAILOVER);
      // A steady stream: 1000 messages in 20 slices.
      const sending = (async () => {
        const all = numbered(1000, "m");
        for (let i = 0; i < all.length; i += 50) {
          await producer.send(input, all.slice(i, i + 50));
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      await results.waitFor((r) => r.length >= 100);
      const killed = await first.kill("SIGKILL");
      assert.equal(killed.code, 137, "killed by SIGKILL");
      const beforeRestart = results.records.length;
      second = await startStratos(app, FAST_FAILOVER);
      await sending;
      const got = await results.waitFor(
        (r) => tally(r.map((x) => x.value)).distinct >= 1000,
        40_000,
      );
      const counts = assertAllGreeted(got.map((r) => r.value), 1000, "m");
      console.log(
        `  ${beforeRestart} results before the kill; ${counts.duplicates} duplicate(s) after restart`,
      );
      assert.ok(beforeRestart < 1000, "the process was killed mid-stream");
    } finally {
      await results.stop();
      await producer.close();
      await second?.kill("SIGTERM");
      await Deno.remove(app, { recursive: true });
    }
  },
});

Deno.test({
  name: "kafka - SIGTERM finishes in-flight messages and commits: no message handled twice",
  ...KAFKA_TEST,
  async fn() {
    const input = uniqueTopic("stopped");
    const output = uniqueTopic("stopped-out");
    const app = await kafkaApp([{ resource: input, respondTo: output, fn: "hello" }]);
    const producer = await testProducer();
    const results = await collect(output);
    let second: StratosProcess | undefined;
    try {
      const first = await startStratos(app);
      await producer.send(input, numbered(1000, "m"));
      await results.waitFor((r) => r.length >= 50);
      const stopped = await first.kill("SIGTERM");
      assert.equal(stopped.code, 0, `clean exit; stderr: ${stopped.stderr}`);
      const beforeRestart = results.records.length;
      second = await startStratos(app);
      const got = await results.waitFor((r) => tally(r.map((x) => x.value)).distinct >= 1000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // would-be duplicates arrive
      const counts = assertAllGreeted(got.map((r) => r.value), 1000, "m");
      console.log(`  ${beforeRestart} results before SIGTERM, the rest after the restart`);
      assert.equal(counts.duplicates, 0, "the restarted process resumed at the committed offset");
      assert.equal(results.records.length, 1000);
    } finally {
      await results.stop();
      await producer.close();
      await second?.kill("SIGTERM");
      await Deno.remove(app, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "kafka - delivery: a trapping record is tried maxDeliver times, then dead-lettered; later ones flow",
  ...KAFKA_TEST,
  async fn() {
    const [input, output, dead] = ["trap", "trap-out", "trap-dead"].map(uniqueTopic);
    const identifier = `com.stratos.${uniqueTopic("dlq")}`;
    const app = await kafkaApp([{
      resource: input,
      respondTo: output,
      fn: ECHO,
      delivery: { maxDeliver: 2, backoff: "100ms", deadLetter: dead },
    }], identifier);
    const stratos = await startStratos(app);
    const producer = await testProducer();
    const [answers, letters] = [await collect(output), await collect(dead)];
    try {
      // 10 poison records, each followed by 5 good ones, on keys spread over the partitions.
      const records: OutRecord[] = Array.from({ length: 10 }, (_, i) => [
        { key: `k${i}`, value: `poison-${i}`, headers: { "X-Trace": `t${i}` } },
        ...Array.from({ length: 5 }, (_, j) => ({ key: `k${i}`, value: `ok-${i}-${j}` })),
      ]).flat();
      await producer.send(input, records);
      const good = records.map((r) => r.value as string).filter((v) => v.startsWith("ok"));
      await answers.waitFor((got) => good.every((v) => got.some((r) => r.value === v)), 30_000);
      const got = await letters.waitFor((r) => r.length >= 10, 30_000);
      const poison = records.filter((r) => (r.value as string).startsWith("poison"));
      assert.deepEqual(got.map((r) => r.value).sort(), poison.map((r) => r.value).sort());
      for (const letter of got) {
        const original = poison.find((r) => r.value === letter.value)!;
        assert.equal(letter.key, original.key, "the original key");
        assert.equal(letter.headers["X-Trace"], original.headers!["X-Trace"], "original headers");
        assert.equal(letter.headers[DEAD_LETTER_HEADERS.status], "500");
        assert.equal(letter.headers[DEAD_LETTER_HEADERS.attempts], "2");
        assert.match(letter.headers[DEAD_LETTER_HEADERS.error], /unreachable/);
        assert.match(
          letter.headers[DEAD_LETTER_HEADERS.source],
          new RegExp(`^kafka topic ${input}, partition \\d+, offset \\d+$`),
        );
      }
      // Each poison record is answered once on respondTo, with its error, after its last attempt.
      await answers.waitFor((r) => r.length >= 60, 10_000);
      const errors = answers.records.filter((r) => r.headers["Stratos-Error"] === "500");
      assert.equal(errors.length, 10);
      assert.equal(
        await invocations(stratos, `${identifier}#default::${ECHO}@v0.1.0`),
        70,
        "2 attempts of each poison record, 1 of each other",
      );
    } finally {
      await Promise.all([answers.stop(), letters.stop()]);
      await producer.close();
      await stratos.kill("SIGTERM");
      await Deno.remove(app, { recursive: true });
    }
  },
});

Deno.test({
  name: "kafka - a literal [IPv6]:port broker address (more than Atmo took) is dialled",
  ...KAFKA_TEST,
  async fn() {
    const [input, output] = ["v6", "v6-out"].map(uniqueTopic);
    const app = await kafkaApp([{ resource: input, respondTo: output, fn: "hello" }]);
    const [hostname, port] = KAFKA_BROKERS.split(",")[0].split(":");
    // The broker listens on IPv4: an IPv6 loopback port in front of it for the first contact
    // (the cluster's metadata then names the broker's own address).
    const proxy = tcpProxy({ hostname, port: Number(port) }, undefined, "::1");
    proxy.open();
    const directive = `${app}/Directive.yaml`;
    const text = await Deno.readTextFile(directive);
    await Deno.writeTextFile(
      directive,
      text.replace(`env(${BROKERS_ENV})`, `'[::1]:${proxy.port}'`),
    );
    const stratos = await startStratos(app);
    const producer = await testProducer();
    const results = await collect(output);
    try {
      assert.match(stratos.output(), new RegExp(`kafka: connected to \\[::1\\]:${proxy.port}`));
      await producer.send(input, [{ key: "k", value: "ipv6" }]);
      const [reply] = await results.waitFor((r) => r.length >= 1);
      assert.equal(reply.value, "hello ipv6");
    } finally {
      await results.stop();
      await producer.close();
      await stratos.kill("SIGTERM");
      await proxy.close();
      await Deno.remove(app, { recursive: true });
    }
  },
});

Deno.test("kafka - a broker that is down at start: a clear error naming the address", async () => {
  const address = `127.0.0.1:${freePort()}`;
  const app = await kafkaApp([{ resource: uniqueTopic("down"), fn: "hello" }]);
  const started = Date.now();
  const { code, stderr } = await finished(stratos(["start", app, "--port", "0"], {
    [BROKERS_ENV]: address,
    STRATOS_KAFKA_CONNECT_RETRIES: "2",
    STRATOS_KAFKA_CONNECT_TIMEOUT_MS: "500",
  }));
  await Deno.remove(app, { recursive: true });
  assert.equal(code, 1);
  assert.match(stderr, /error\[STRATOS_ERR_KAFKA_CONNECT\]/);
  assert.match(stderr, new RegExp(`cannot connect to Kafka at ${address} .* after 3 attempts`));
  assert.ok(Date.now() - started < 15_000, "bounded retries give up quickly");
});

Deno.test({
  name: "kafka - examples/streams/kafka answers as its README says",
  ...KAFKA_TEST,
  async fn() {
    const example = await startStratos(`${ROOT}examples/streams/kafka`, {
      KAFKA_BROKERS: Deno.env.get(BROKERS_ENV)!,
      STRATOS_KAFKA_GROUP: uniqueTopic("example"), // the readme's topics, a group of its own
    });
    const producer = await testProducer();
    const key = uniqueTopic("key");
    const results = await collect("greetings-out");
    try {
      await producer.send("greetings", [{ key, value: "world" }]);
      const got = await results.waitFor((r) => r.some((x) => x.key === key));
      assert.equal(got.find((x) => x.key === key)?.value, "hello world");
    } finally {
      await results.stop();
      await producer.close();
      await example.kill("SIGTERM");
    }
  },
});
