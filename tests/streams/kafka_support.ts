/**
 * Test support for the Kafka plugin: the test broker, unique topics, apps in temporary folders,
 * a producer and a collector on the real broker, and Stratos CLI processes whose log lines can be
 * awaited.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { join } from "node:path";
import { Kafka, logLevel, Partitioners, type Producer } from "kafkajs";
import { ignoreNegativeTimeoutWarnings } from "../../plugins/kafka/node_warnings.ts";
import { subscribe } from "../../plugins/kafka/subscribe.ts";
import { Arrivals } from "../support/arrivals.ts";
import { deliveryLines, type DeliverySpec, ECHO, writeEcho } from "../support/echo_guest.ts";
import { ROOT } from "../support/cli.ts";
import {
  startStratos as startStratosProcess,
  type StratosProcess,
} from "../support/stratos_process.ts";

export type { StratosProcess } from "../support/stratos_process.ts";

/** Environment variable with the test broker list (set by `tests/infra/services.ts up kafka`). */
export const BROKERS_ENV = "STRATOS_TEST_KAFKA_BROKERS";
/** The test broker list. */
export const KAFKA_BROKERS = Deno.env.get(BROKERS_ENV) || "127.0.0.1:9092";
// Directives name the broker as env(STRATOS_TEST_KAFKA_BROKERS); in-process runtimes read it here.
Deno.env.set(BROKERS_ENV, KAFKA_BROKERS);
ignoreNegativeTimeoutWarnings(); // of the tests' own kafkajs clients

/** A topic name no other test uses. */
export function uniqueTopic(name: string): string {
  return `${name}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A `source: kafka` handler of a test app. */
export interface TestHandler {
  /** Topic consumed. */
  resource: string;
  /** Topic the result goes to. */
  respondTo?: string;
  /** Runnable (a module of examples/hello, or the echo guest of `echo_guest.ts`). */
  fn: string;
  /** The handler's `delivery:` block. */
  delivery?: DeliverySpec;
}

/**
 * Writes an app into a new temporary folder: a Directive with `handlers` (broker from
 * `env(STRATOS_TEST_KAFKA_BROKERS)`) and each handler's module from examples/hello as a
 * top-level `<name>.wasm`. Returns the folder.
 */
export async function kafkaApp(handlers: TestHandler[], identifier?: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-kafka-" });
  const lines = [
    `identifier: ${identifier ?? `com.stratos.${uniqueTopic("kafkatest")}`}`,
    "appVersion: v0.1.0",
    "atmoVersion: v0.4.7",
    "connections:",
    "  kafka:",
    `    brokerAddress: env(${BROKERS_ENV})`,
    "handlers:",
  ];
  for (const h of handlers) {
    lines.push("  - type: stream", "    source: kafka", `    resource: ${h.resource}`);
    if (h.respondTo) lines.push(`    respondTo: ${h.respondTo}`);
    lines.push(...deliveryLines(h.delivery), "    steps:", `      - fn: ${h.fn}`);
  }
  await Deno.writeTextFile(join(dir, "Directive.yaml"), lines.join("\n") + "\n");
  for (const fn of new Set(handlers.map((h) => h.fn))) {
    if (fn === ECHO) await writeEcho(dir);
    else {await Deno.copyFile(
        join(ROOT, "examples/hello", fn, `${fn}.wasm`),
        join(dir, `${fn}.wasm`),
      );}
  }
  return dir;
}

/** A record to produce. */
export interface OutRecord {
  /** Key. */
  key?: string;
  /** Value. */
  value: string | Uint8Array;
  /** Headers. */
  headers?: Record<string, string>;
}

/** A record read back. */
export interface Received {
  /** Key as text, or null. */
  key: string | null;
  /** Value as text. */
  value: string;
  /** Headers, values as text. */
  headers: Record<string, string>;
  /** Partition it was read from. */
  partition: number;
}

/** A kafkajs client for the tests (quiet). */
export function testClient(clientId = "stratos-tests"): Kafka {
  return new Kafka({ clientId, brokers: KAFKA_BROKERS.split(","), logLevel: logLevel.NOTHING });
}

/** A connected producer; `send` writes records to a topic (in chunks of 500). */
export async function testProducer(kafka = testClient()): Promise<{
  send(topic: string, records: OutRecord[]): Promise<void>;
  close(): Promise<void>;
  producer: Producer;
}> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return {
    producer,
    async send(topic, records) {
      for (let i = 0; i < records.length; i += 500) {
        await producer.send({
          topic,
          messages: records.slice(i, i + 500).map((r) => ({
            key: r.key,
            value: typeof r.value === "string" ? r.value : Buffer.from(r.value),
            headers: r.headers,
          })),
        });
      }
    },
    close: () => producer.disconnect(),
  };
}

/** Records of a topic, read from the beginning by a consumer of its own group. */
export interface Collector {
  /** Everything read so far. */
  records: Received[];
  /** Resolves once `done(records)` holds; rejects after `timeoutMs` with what was read. */
  waitFor(done: (records: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  /** Disconnects. */
  stop(): Promise<void>;
}

/** Starts reading `topic` from its beginning. */
export async function collect(topic: string, kafka = testClient()): Promise<Collector> {
  const consumer = kafka.consumer({ groupId: uniqueTopic("collector"), maxWaitTimeInMs: 100 });
  const records: Received[] = [];
  const arrivals = new Arrivals();
  const dec = new TextDecoder();
  await consumer.connect();
  await subscribe(consumer, [topic], true);
  await consumer.run({
    autoCommit: false,
    eachMessage: ({ message, partition }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        if (value !== undefined) headers[name] = String(value);
      }
      records.push({
        key: message.key ? dec.decode(message.key) : null,
        value: message.value ? dec.decode(message.value) : "",
        headers,
        partition,
      });
      arrivals.notify();
      return Promise.resolve();
    },
  });
  return {
    records,
    async waitFor(done, timeoutMs = 20_000) {
      await arrivals.until(
        () => done(records),
        timeoutMs,
        () => `timed out on ${topic} after ${records.length} records`,
      );
      return records;
    },
    stop: () => consumer.disconnect(),
  };
}

/** Counts of `values`: how many distinct, and how many more than once. */
export function tally(values: string[]): { distinct: number; duplicates: number } {
  const seen = new Set(values);
  return { distinct: seen.size, duplicates: values.length - seen.size };
}

/** Spawns `stratos start <app>` with the test broker in its environment. */
export function startStratos(
  app: string,
  env: Record<string, string> = {},
): Promise<StratosProcess> {
  return startStratosProcess(app, { [BROKERS_ENV]: KAFKA_BROKERS, ...env });
}

/** Invocations of `fqfn` in a Stratos process, from `GET /meta/metrics`. */
export async function invocations(proc: StratosProcess, fqfn: string): Promise<number> {
  const metrics = await (await fetch(`${proc.url}/meta/metrics`)).json();
  return metrics.modules?.[fqfn]?.invocations ?? 0;
}
