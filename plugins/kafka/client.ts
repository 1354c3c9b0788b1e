/**
 * The Kafka client of one runtime: a kafkajs client whose log goes to the plugin's logger, and a
 * connected producer (for `respondTo` replies). Connecting is bounded: after the configured
 * retries start-up fails with an error naming the broker address.
 *
 * @module
 */

import { Kafka, logLevel, Partitioners, type Producer } from "kafkajs";
import { type ConnectionHealth, type Logger, StratosError } from "../../plugin.ts";
import { clientLogCreator } from "./client_log.ts";
import { ignoreNegativeTimeoutWarnings } from "./node_warnings.ts";
import type { KafkaOptions } from "./options.ts";

/** Code of the start-up error raised when no broker can be reached. */
export const KAFKA_CONNECT_ERROR = "STRATOS_ERR_KAFKA_CONNECT";

/** A connected client. */
export interface KafkaConnection {
  /** The kafkajs client (consumers are created from it). */
  kafka: Kafka;
  /** The connected producer. */
  producer: Producer;
}

/** What {@link connectKafka} needs. */
export interface ConnectOptions {
  /** `connections.kafka.brokerAddress` as written (after `env(NAME)`), for messages. */
  brokerAddress: string;
  /** Parsed broker list. */
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
  const kafka = new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: options.connectTimeoutMs,
    // Cluster-level retries bound the start-up connection; consumers restart on their own after
    // a failure, so a broker that goes away later is reconnected to indefinitely.
    retry: { retries: options.connectRetries, initialRetryTime: 250, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: clientLogCreator(opts.log, (message) => health.down(message)),
  });
  const producer = kafka.producer({
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
  return { kafka, producer };
}
