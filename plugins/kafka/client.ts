/**
 * The Kafka clients of one runtime, whose log goes to the plugin's logger: a connected producer
 * (for `respondTo` replies and dead letters), whose connecting is bounded (after the configured
 * retries start-up fails with an error naming the broker address), and a client for the
 * consumers that retries for as long as an outage lasts.
 *
 * The second client is what makes a consumer resume within a second of a broker restart: a
 * consumer whose client gives up crashes, and kafkajs restarts it as a new member of the group,
 * which the restarted broker holds back until the old member's session expires (30 s by
 * default); kafkajs 2.2.4 has no static membership (`group.instance.id`) to avoid that. A
 * consumer whose requests are retried all along keeps its member id and generation, and the
 * broker, which reloads the group with its members, takes its next heartbeat and fetch as if
 * nothing happened: no rebalance, no record fetched again.
 *
 * @module
 */

import { Kafka, logLevel, Partitioners, type Producer, type RetryOptions } from "kafkajs";
import { type ConnectionHealth, type Logger, StratosError } from "../../plugin.ts";
import { clientLogCreator } from "./client_log.ts";
import { seedBrokers } from "./seed_brokers.ts";
import { ignoreNegativeTimeoutWarnings } from "./node_warnings.ts";
import type { KafkaOptions } from "./options.ts";

/** Code of the start-up error raised when no broker can be reached. */
export const KAFKA_CONNECT_ERROR = "STRATOS_ERR_KAFKA_CONNECT";

/** A connected client. */
export interface KafkaConnection {
  /** The kafkajs client consumers are created from (it retries for as long as an outage lasts). */
  kafka: Kafka;
  /** The connected producer. */
  producer: Producer;
  /**
   * Ends the consumers' endless retries (call when stopping): what is being retried fails at its
   * next turn, so a stop during an outage does not wait for the broker.
   */
  stopRetrying(): void;
}

/**
 * Retries of the consumers' client: without end, at most {@link CONSUMER_RETRY_MAX_MS} apart,
 * so that a consumer notices within that time that its broker is back.
 */
const CONSUMER_RETRY_MAX_MS = 1000;

/** What {@link connectKafka} needs. */
export interface ConnectOptions {
  /** `connections.kafka.brokerAddress` as written (after `env(NAME)`), for messages. */
  brokerAddress: string;
  /** Parsed broker list (`host:port`, `[IPv6]:port`). */
  brokers: string[];
  /** Client id sent to the brokers. */
  clientId: string;
  /** Plugin options (retries, timeouts). */
  options: KafkaOptions;
  /** Plugin logger. */
  log: Logger;
  /** Connection state, updated from the client's log and events. */
  health: ConnectionHealth;
}

/**
 * Creates the client and connects its producer.
 * @throws {StratosError} `STRATOS_ERR_KAFKA_CONNECT` naming the address after the last attempt
 */
export async function connectKafka(opts: ConnectOptions): Promise<KafkaConnection> {
  ignoreNegativeTimeoutWarnings();
  const { options, health } = opts;
  const seeds = seedBrokers(opts.brokers);
  const client = (retry: RetryOptions) =>
    new Kafka({
      clientId: opts.clientId,
      ...seeds,
      connectionTimeout: options.connectTimeoutMs,
      retry,
      logLevel: logLevel.WARN,
      logCreator: clientLogCreator(opts.log, (message) => health.down(message)),
    });
  // Cluster-level retries bound the start-up connection of the producer.
  const producing = client({
    retries: options.connectRetries,
    initialRetryTime: 250,
    maxRetryTime: 5000,
  });
  let retrying = true;
  const kafka = client({
    retries: retriesWhile(() => retrying),
    initialRetryTime: 250,
    maxRetryTime: CONSUMER_RETRY_MAX_MS,
  });
  const producer = producing.producer({
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 5, initialRetryTime: 250, maxRetryTime: 5000 },
  });
  producer.on(producer.events.CONNECT, () => health.up());
  try {
    await producer.connect();
  } catch (error) {
    const attempts = options.connectRetries + 1;
    const cause = error instanceof Error ? error.message : String(error);
    throw new StratosError(
      KAFKA_CONNECT_ERROR,
      `cannot connect to Kafka at ${opts.brokerAddress} (connections.kafka.brokerAddress) after ${attempts} attempt${
        attempts === 1 ? "" : "s"
      }: ${cause}`,
      { cause: error },
    );
  }
  return { kafka, producer, stopRetrying: () => retrying = false };
}

/**
 * A retry count for kafkajs that is endless while `going()` holds and 0 afterwards. kafkajs
 * reads the count of a retried operation once, then compares each attempt's number with it
 * (`attempt < retries`), which calls `valueOf`: so even an operation retried since before the
 * stop gives up at its next turn.
 */
export function retriesWhile(going: () => boolean): number {
  const retries = { valueOf: () => going() ? Number.MAX_SAFE_INTEGER : 0 };
  return retries as unknown as number;
}
