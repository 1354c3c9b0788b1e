/**
 * Outage of Kafka under load, the broker restarted mid-stream: a private single-node broker (the
 * shared one is never touched) is killed while a Stratos Kafka stream handler is working through
 * a steady stream of records (2 producers, plus 4 clients that each produce a record and wait for
 * its result on `respondTo`) and 8 clients call its HTTP hello route. The HTTP route answers 200
 * all along, `/health` says 503 naming the broker while it is down, and once the broker is back
 * on the same ports with the same data, the same Stratos process handles records again by itself.
 * Stopped while the broker is down again, it exits cleanly at once.
 * Every record the broker acknowledged, before the kill or after the restart, gets its result on
 * `respondTo`: none is lost (at-least-once: some may be handled twice).
 *
 * Stratos runs with its default group session timeout (30 s), and handling must resume less than
 * 5 s after the broker answers again: its consumer retries all through the outage, keeping its
 * member id, so the broker, which reloads the group with its members, takes it back at once (a
 * consumer that gave up and rejoined as a new member would wait for the old member's session to
 * expire: 30 s).
 */

import assert from "node:assert/strict";
import { Kafka, logLevel } from "kafkajs";
import { startKafkaServer } from "../support/kafka_server.ts";
import {
  BROKERS_ENV,
  collect,
  type Collector,
  kafkaApp,
  type Received,
  startStratos,
  type StratosProcess,
  tally,
  testProducer,
  uniqueTopic,
} from "../streams/kafka_support.ts";
import {
  assertAppKeptServing,
  assertRoute,
  type LoadRoute,
  runOutage,
  type Sample,
  withHelloRoute,
} from "./outage_support.ts";

/**
 * Longest a test client waits for one record's result: shorter than the outage (3 s), so each
 * client sends requests while the broker is down, not only one that started before.
 */
const ROUND_TRIP_MS = 2000;
/** Longest time from the broker answering again to a record handled through Stratos. */
const RECOVERY_MS = 5000;

/** The results read so far, across collectors (each reads from the beginning), indexed. */
class Results {
  /** Every distinct result value read. */
  readonly seen = new Set<string>();
  #collector: Collector | undefined;
  #read = 0;

  /** Starts reading `topic` from its beginning (again). */
  async start(topic: string, kafka: Kafka): Promise<void> {
    this.#collector = await collect(topic, kafka);
    this.#read = 0;
  }

  /** Values read by the current collector, in order. */
  values(): string[] {
    return this.#collector?.records.map((r) => r.value) ?? [];
  }

  /** Stops reading. */
  async stop(): Promise<void> {
    const collector = this.#collector;
    this.#collector = undefined;
    await collector?.stop();
  }

  /** Resolves once `done` holds for the values read (checked at each record); rejects after `ms`. */
  async waitFor(done: (seen: Set<string>) => boolean, ms: number): Promise<void> {
    const collector = this.#collector;
    if (!collector) throw new Error("not reading");
    await collector.waitFor((records) => done(this.#add(records)), ms);
  }

  #add(records: Received[]): Set<string> {
    for (; this.#read < records.length; this.#read++) this.seen.add(records[this.#read].value);
    return this.seen;
  }
}

Deno.test({
  name: "outage - kafka broker killed mid-stream under load, then restarted: no record lost",
  sanitizeOps: false, // kafkajs keeps timers and sockets of disconnected clients for a moment
  sanitizeResources: false,
  async fn() {
    const broker = await startKafkaServer();
    const kafka = new Kafka({
      clientId: "stratos-outage-test",
      brokers: [broker.url],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 5000,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    const input = uniqueTopic("outage");
    const output = uniqueTopic("outage-out");
    const dir = await withHelloRoute(
      await kafkaApp([{ resource: input, respondTo: output, fn: "hello" }]),
    );
    const results = new Results();
    let stratos: StratosProcess | undefined;
    let producer: Awaited<ReturnType<typeof testProducer>> | undefined;
    try {
      stratos = await startStratos(dir, {
        [BROKERS_ENV]: broker.url,
        STRATOS_HEALTH_DETAILS: "true",
      });
      producer = await testProducer(kafka);
      const sender = producer;
      await results.start(output, kafka);
      /** Records the broker acknowledged. */
      const acked = new Set<string>();
      let handledBeforeKill = 0;
      const produce = async (values: string[]) => {
        await sender.send(input, values.map((value) => ({ key: value, value })));
        for (const value of values) acked.add(value);
      };
      const stream: LoadRoute = {
        name: "kafka",
        clients: 4,
        async send(client, n) {
          const value = `r${client}-${n}`;
          await produce([value]);
          await results.waitFor((seen) => seen.has(`hello ${value}`), ROUND_TRIP_MS);
          return { status: 200, body: value };
        },
      };
      const steady: LoadRoute = {
        name: "produce",
        clients: 2,
        pauseMs: 100,
        async send(client, n) {
          await produce(Array.from({ length: 10 }, (_, i) => `p${client}-${n}-${i}`));
          return { status: 200, body: "acknowledged" };
        },
      };
      const run = await runOutage({
        app: stratos.url,
        check: "kafka",
        routes: [stream, steady],
        async down() {
          await results.stop();
          await broker.kill();
          handledBeforeKill = results.seen.size;
        },
        async up() {
          await broker.restart();
          await results.start(output, kafka);
        },
        works: (s) => s.route === "kafka" && s.status === 200,
        recoveryMs: RECOVERY_MS + ROUND_TRIP_MS, // reported as failing in time by the check below
      });
      const recovery = run.marks.working - run.marks.restarted;
      assert.ok(
        recovery < RECOVERY_MS,
        `a first record handled ${recovery.toFixed(0)} ms after the broker was back`,
      );
      assert.ok(
        !stratos.lines.some((l) => /kafka consumer failed, restarting/.test(l)),
        "the consumer kept its membership through the outage",
      );
      const ok = (s: Sample) => s.status === 200;
      const failed = (s: Sample) => s.status === undefined;
      // The test's own clients fail while the broker is down (kafkajs retries for a while).
      const maxMs = ROUND_TRIP_MS + 5000;
      assertRoute(run, { route: "kafka", ok, clearError: failed, maxMs });
      assertRoute(run, { route: "produce", ok, clearError: failed, maxMs });
      assertAppKeptServing(run, broker.url);

      const missing = new Set([...acked].map((v) => `hello ${v}`));
      const allHandled = (seen: Set<string>) => {
        for (const result of missing) if (seen.has(result)) missing.delete(result);
        return missing.size === 0;
      };
      await results.waitFor(allHandled, 30_000).catch(() => {});
      assert.deepEqual(
        [...missing].slice(0, 5),
        [],
        `${missing.size} of ${acked.size} acknowledged records never handled`,
      );
      const counts = tally(results.values());
      assert.ok(counts.distinct >= acked.size, "the output topic holds every result");
      console.log(
        `  ${acked.size} records acknowledged, ${handledBeforeKill} handled before the kill; ` +
          `${counts.distinct} results in all, ${counts.duplicates} handled twice`,
      );

      // Stopping while the broker is down does not wait for it (the consumer's retries end).
      await results.stop();
      await broker.kill();
      const stopping = performance.now();
      const stopped = await stratos.kill("SIGTERM");
      const stopMs = performance.now() - stopping;
      console.log(`  stopped in ${stopMs.toFixed(0)} ms with the broker down`);
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.ok(stopMs < 5000, `stopped in ${stopMs.toFixed(0)} ms`);
      assert.ok(!/gave up waiting/.test(stratos.output()), "the consumer stopped by itself");
    } finally {
      await results.stop();
      await producer?.close().catch(() => {});
      await stratos?.kill("SIGTERM");
      await broker.dispose();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
