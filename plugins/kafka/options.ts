/**
 * The Kafka plugin's options: each from the plugin's `config`, else from its environment
 * variable, else a default (the same precedence as the NATS plugin).
 *
 * @module
 */

/** Where new consumer groups start on a partition that has no committed offset. */
export type StartFrom = "earliest" | "latest";

/** Resolved options. */
export interface KafkaOptions {
  /** Consumer group shared by every process of the app. @default the Directive identifier */
  group: string;
  /** Start of a partition the group never committed. @default "earliest" */
  startFrom: StartFrom;
  /** Connection attempts at start-up before giving up. @default 5 */
  connectRetries: number;
  /** TCP connect timeout per attempt, in ms. @default 3000 */
  connectTimeoutMs: number;
  /** Group session timeout: how soon a dead process's partitions move, in ms. @default 30000 */
  sessionTimeoutMs: number;
  /** Partitions processed at once by one process (order is kept within a partition). @default 4 */
  concurrency: number;
}

/** One option: its config key, environment variable and how to read it. */
interface OptionSpec<K extends keyof KafkaOptions> {
  key: K;
  env: string;
  parse(raw: string): KafkaOptions[K] | undefined;
  expected: string;
}

const positive = (min: number) => (raw: string) => {
  const value = Number(raw);
  return Number.isInteger(value) && value >= min ? value : undefined;
};

const SPECS: { [K in keyof KafkaOptions]: OptionSpec<K> } = {
  group: {
    key: "group",
    env: "STRATOS_KAFKA_GROUP",
    parse: (raw) => raw.trim() || undefined,
    expected: "a non-empty group name",
  },
  startFrom: {
    key: "startFrom",
    env: "STRATOS_KAFKA_START_FROM",
    parse: (raw) => raw === "earliest" || raw === "latest" ? raw : undefined,
    expected: "'earliest' or 'latest'",
  },
  connectRetries: {
    key: "connectRetries",
    env: "STRATOS_KAFKA_CONNECT_RETRIES",
    parse: positive(0),
    expected: "an integer >= 0",
  },
  connectTimeoutMs: {
    key: "connectTimeoutMs",
    env: "STRATOS_KAFKA_CONNECT_TIMEOUT_MS",
    parse: positive(1),
    expected: "an integer >= 1",
  },
  sessionTimeoutMs: {
    key: "sessionTimeoutMs",
    env: "STRATOS_KAFKA_SESSION_TIMEOUT_MS",
    parse: positive(1000),
    expected: "an integer >= 1000",
  },
  concurrency: {
    key: "concurrency",
    env: "STRATOS_KAFKA_CONCURRENCY",
    parse: positive(1),
    expected: "an integer >= 1",
  },
};

/** Environment variables the plugin reads, by option. */
export const KAFKA_ENV: { readonly [K in keyof KafkaOptions]: string } = Object.fromEntries(
  Object.values(SPECS).map((spec) => [spec.key, spec.env]),
) as { [K in keyof KafkaOptions]: string };

/**
 * Resolves the options from `config`, `env` and the defaults (`identifier` names the group).
 * @throws {Error} naming the variable or key whose value is invalid
 */
export function kafkaOptions(
  config: Readonly<Record<string, unknown>>,
  env: (name: string) => string | undefined,
  identifier: string,
): KafkaOptions {
  const defaults: KafkaOptions = {
    group: identifier,
    startFrom: "earliest",
    connectRetries: 5,
    connectTimeoutMs: 3000,
    sessionTimeoutMs: 30_000,
    concurrency: 4,
  };
  const options = { ...defaults };
  for (const spec of Object.values(SPECS) as OptionSpec<keyof KafkaOptions>[]) {
    const fromEnv = env(spec.env);
    const fromConfig = config[spec.key];
    const [raw, source] = fromConfig !== undefined
      ? [String(fromConfig), `kafka plugin option '${spec.key}'`]
      : fromEnv !== undefined && fromEnv !== ""
      ? [fromEnv, `environment variable ${spec.env}`]
      : [undefined, ""];
    if (raw === undefined) continue;
    const value = spec.parse(raw);
    if (value === undefined) {
      throw new Error(`${source} is '${raw}', expected ${spec.expected}`);
    }
    (options as Record<string, unknown>)[spec.key] = value;
  }
  return options;
}
