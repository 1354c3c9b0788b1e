/**
 * Kafka stream benchmark: a one-step Kafka handler (topic → examples/hello's `hello` → respondTo)
 * against a bare kafkajs consumer doing the same work (consume, `hello ` + value, produce the
 * reply with the record's key, commit), in the same run, with the same producer load. Rounds
 * alternate between the two.
 *
 * Each round and system gets fresh topics and a fresh process:
 * - throughput: `messages` records are produced before the process starts; messages/s is their
 *   number over the time from the moment the process joined its consumer group (the line it
 *   prints) to the arrival of the last result, so the producer's speed does not bound it;
 * - latency: then `rate` records/s for `seconds`, each carrying its send time; end-to-end latency
 *   is the time from send to the reply's arrival (p50, p99).
 *
 * ```sh
 * deno run -A bench/streams_kafka.ts [--messages N] [--rounds N] [--rate N] [--seconds N]
 * ```
 * The broker comes from STRATOS_TEST_KAFKA_BROKERS (default 127.0.0.1:9092).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type EachBatchPayload, Kafka, logLevel, Partitioners, type Producer } from "kafkajs";
import { subscribe } from "../plugins/kafka/subscribe.ts";
import { ignoreNegativeTimeoutWarnings } from "../plugins/kafka/node_warnings.ts";
import { stopChild, stratosArgs } from "./process.ts";
import { type BenchResult, machine, markdownTable, quantile, summarize, today } from "./report.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DENO_RUN = ["run", "--allow-net", "--allow-read", "--allow-env", "--allow-sys"];

/** Options of {@link benchKafka}. */
export interface KafkaBenchOptions {
  /** Broker list. @default STRATOS_TEST_KAFKA_BROKERS or 127.0.0.1:9092 */
  brokers?: string;
  /** Records per throughput run. @default 20000 */
  messages?: number;
  /** Measured rounds (after one warm-up round). @default 3 */
  rounds?: number;
  /** Records per second in the latency run. @default 1000 */
  rate?: number;
  /** Length of the latency run in seconds. @default 4 */
  seconds?: number;
}

/** One system's result in one round. */
interface RoundResult {
  /** Results per second in the throughput run. */
  mps: number;
  /** Median end-to-end latency in ms (latency run). */
  p50: number;
  /** 99th percentile end-to-end latency in ms (latency run). */
  p99: number;
}

type System = "baseline" | "stratos";

/**
 * Runs the benchmark and returns a markdown table (medians over the rounds) and the ratio of
 * Stratos's messages/s to the baseline's.
 */
export async function benchKafka(options: KafkaBenchOptions = {}): Promise<BenchResult> {
  ignoreNegativeTimeoutWarnings();
  const brokers = options.brokers ?? Deno.env.get("STRATOS_TEST_KAFKA_BROKERS") ??
    "127.0.0.1:9092";
  const messages = options.messages ?? 20_000;
  const rounds = options.rounds ?? 3;
  const rate = options.rate ?? 1000;
  const seconds = options.seconds ?? 4;
  const kafka = new Kafka({
    clientId: "stratos-bench",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const results: Record<System, RoundResult[]> = { baseline: [], stratos: [] };
  try {
    const run = (system: System, n: number) =>
      runOnce(kafka, producer, brokers, system, { messages: n, rate, seconds });
    await run("baseline", 2000); // warm-up (broker, page cache), discarded
    await run("stratos", 2000);
    for (let i = 0; i < rounds; i++) {
      results.baseline.push(await run("baseline", messages));
      results.stratos.push(await run("stratos", messages));
    }
  } finally {
    await producer.disconnect();
  }
  return report(results, { messages, rounds, rate, seconds });
}

/** One system, one round: fresh topics, a fresh process, the throughput then the latency run. */
async function runOnce(
  kafka: Kafka,
  producer: Producer,
  brokers: string,
  system: System,
  load: { messages: number; rate: number; seconds: number },
): Promise<RoundResult> {
  const id = crypto.randomUUID().slice(0, 8);
  const input = `bench-${system}-${id}`;
  const output = `${input}-out`;
  await sendAll(producer, input, Array.from({ length: load.messages }, (_, i) => `t${i}`));
  const arrivals = await startCollector(kafka, output);
  const server = system === "stratos"
    ? await startStratos(brokers, input, output)
    : await startBaseline(brokers, input, output);
  try {
    await arrivals.until((got) => got.throughput.length >= load.messages, 120_000);
    const mps = load.messages / ((arrivals.throughput.at(-1)! - server.joinedAt) / 1000);
    const total = load.rate * load.seconds;
    await paced(producer, input, load.rate, total);
    await arrivals.until((got) => got.latencies.length >= total, 60_000);
    const sorted = [...arrivals.latencies].sort((a, b) => a - b);
    return { mps, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
  } finally {
    await server.stop();
    await arrivals.stop();
  }
}

/** Produces `values` in chunks of 500 (several requests in flight). */
async function sendAll(producer: Producer, topic: string, values: string[]): Promise<void> {
  const chunks: Promise<unknown>[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const messages = values.slice(i, i + 500).map((value, j) => ({ key: `k${i + j}`, value }));
    chunks.push(producer.send({ topic, messages }));
    if (chunks.length >= 8) await Promise.all(chunks.splice(0));
  }
  await Promise.all(chunks);
}

/** Produces `total` records at `rate`/s, in 10 ms slices; each value is `l<send time>`. */
async function paced(producer: Producer, topic: string, rate: number, total: number) {
  const start = performance.now();
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    if (due > sent) {
      const messages = [];
      for (; sent < due; sent++) messages.push({ key: `l${sent}`, value: `l${performance.now()}` });
      pending.push(producer.send({ topic, messages }));
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(pending);
}

/** Arrival times of results (throughput run) and latencies (latency run). */
interface Arrivals {
  throughput: number[];
  latencies: number[];
  until(done: (got: Arrivals) => boolean, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

async function startCollector(kafka: Kafka, topic: string): Promise<Arrivals> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await subscribe(consumer, [topic], true);
  const got: Arrivals = {
    throughput: [],
    latencies: [],
    async until(done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!done(got)) {
        if (Date.now() > deadline) throw new Error(`timed out reading ${topic}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    stop: () => consumer.disconnect(),
  };
  const prefix = "hello l".length;
  await consumer.run({
    eachBatch: ({ batch }: EachBatchPayload) => {
      const now = performance.now();
      for (const message of batch.messages) {
        const value = message.value?.toString() ?? "";
        if (value.startsWith("hello t")) got.throughput.push(now);
        else if (value.startsWith("hello l")) got.latencies.push(now - Number(value.slice(prefix)));
      }
      return Promise.resolve();
    },
  });
  return got;
}

/** A process under test. */
interface Server {
  /** `performance.now()` when it printed that it joined its consumer group. */
  joinedAt: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Spawns `deno args` and resolves once a stdout line matches `joined` (30 s at most). */
async function spawnUntilJoined(args: string[], joined: RegExp): Promise<Server> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stop = () => stopChild(child);
  const deadline = setTimeout(stop, 30_000);
  let text = "";
  while (!joined.test(text)) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`${args.join(" ")} exited before joining its group`);
    text += value;
  }
  const joinedAt = performance.now();
  clearTimeout(deadline);
  (async () => { // keep draining stdout
    while (!(await lines.read()).done) { /* discard */ }
  })();
  return { joinedAt, stop };
}

/** Stratos with a one-step handler `input` → hello → `output`. */
async function startStratos(brokers: string, input: string, output: string): Promise<Server> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-bench-kafka-" });
  await Deno.copyFile(join(ROOT, "examples/hello/hello/hello.wasm"), join(dir, "hello.wasm"));
  await Deno.writeTextFile(
    join(dir, "Directive.yaml"),
    [
      `identifier: com.stratos.bench.${input}`,
      "appVersion: v0.1.0",
      "atmoVersion: v0.4.7",
      "connections:",
      "  kafka:",
      "    brokerAddress: env(BENCH_KAFKA_BROKERS)",
      "handlers:",
      "  - type: stream",
      "    source: kafka",
      `    resource: ${input}`,
      `    respondTo: ${output}`,
      "    steps:",
      "      - fn: hello",
      "",
    ].join("\n"),
  );
  Deno.env.set("BENCH_KAFKA_BROKERS", brokers);
  const server = await spawnUntilJoined(
    stratosArgs(dir, "--port", "0"),
    /kafka consumer joined the group/,
  );
  return {
    joinedAt: server.joinedAt,
    async stop() {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The bare consumer (this file with `--baseline`). */
function startBaseline(brokers: string, input: string, output: string): Promise<Server> {
  return spawnUntilJoined(
    [...DENO_RUN, import.meta.filename!, "--baseline", brokers, input, output],
    /joined/,
  );
}

/**
 * The baseline: a kafkajs consumer group member that answers each record with `hello ` + value
 * (same key) on `output`, one produce request per 500 records, committing after it. Prints
 * `joined` when it joined its group.
 */
async function baselineWorker(brokers: string, input: string, output: string) {
  ignoreNegativeTimeoutWarnings();
  const kafka = new Kafka({
    clientId: "bench-baseline",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `${input}-baseline`, maxWaitTimeInMs: 1000 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await subscribe(consumer, [input], true);
  consumer.on(consumer.events.GROUP_JOIN, () => console.log("joined"));
  const hello = Buffer.from("hello ");
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 4,
    async eachBatch({ batch, resolveOffset, heartbeat }) {
      // Chunks of 500 like Stratos: one huge produce request per fetched batch is slower.
      for (let i = 0; i < batch.messages.length; i += 500) {
        const chunk = batch.messages.slice(i, i + 500);
        const messages = chunk.map((m) => ({
          key: m.key,
          value: Buffer.concat([hello, m.value ?? Buffer.alloc(0)]),
        }));
        await producer.send({ topic: output, messages });
        resolveOffset(chunk.at(-1)!.offset);
        await heartbeat();
      }
    },
  });
  const stop = () =>
    consumer.disconnect().then(() => producer.disconnect()).finally(() => Deno.exit(0));
  Deno.addSignalListener("SIGTERM", stop);
}

function report(
  results: Record<System, RoundResult[]>,
  load: { messages: number; rounds: number; rate: number; seconds: number },
): BenchResult {
  const base = summarize<RoundResult>(results.baseline);
  const str = summarize<RoundResult>(results.stratos);
  const ratio = str.mps / base.mps;
  const row = (name: string, r: RoundResult) => [
    name,
    Math.round(r.mps),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
  ];
  const table = [
    `Kafka one-step handler (topic → hello → respondTo): ${load.messages} records pre-loaded ` +
    `(messages/s = results arriving), then ${load.rate} records/s for ${load.seconds} s ` +
    `(end-to-end latency); ${load.rounds} alternating rounds, medians; ${today()}; ${machine()}.`,
    "",
    markdownTable(["consumer", "messages/s", "p50 ms", "p99 ms"], [
      row("bare kafkajs consumer (baseline)", base),
      row("Stratos, kafka handler → hello", str),
    ]),
    "",
    `**Ratio (Stratos / baseline messages/s): ${ratio.toFixed(2)}**; p50 latency ratio ` +
    `${(str.p50 / base.p50).toFixed(2)}.`,
  ].join("\n");
  return { table, ratio };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      baseline: { type: "boolean", default: false },
      messages: { type: "string", default: "20000" },
      rounds: { type: "string", default: "3" },
      rate: { type: "string", default: "1000" },
      seconds: { type: "string", default: "4" },
    },
  });
  if (values.baseline) {
    const [brokers, input, output] = Deno.args.slice(1);
    await baselineWorker(brokers, input, output);
  } else {
    const { table } = await benchKafka({
      messages: Number(values.messages),
      rounds: Number(values.rounds),
      rate: Number(values.rate),
      seconds: Number(values.seconds),
    });
    console.log(table);
  }
}
