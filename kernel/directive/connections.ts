/**
 * `connections:` (NATS, Kafka, Redis, database): Atmo's checks on the values as written (server
 * addresses in every form people write them, see `server_address.ts`), and the values with
 * `env(NAME)` resolved.
 *
 * @module
 */

import { envReference, type ValueResolver } from "./env.ts";
import type { CheckContext } from "./check_context.ts";
import { serverAddressError } from "./server_address.ts";
import type { RawConnections } from "./schema.ts";
import type { Connections } from "./types.ts";

const PATH = ["connections"];

/** Atmo's checks, on the literal values (before `env(NAME)` is resolved). */
export function checkConnections(raw: RawConnections | undefined, context: CheckContext): void {
  const address = (value: string | undefined, connection: string, field: string) => {
    const problem = addressProblem(value ?? "", field, connection);
    if (problem) context.error([...PATH, connection, field], problem);
  };
  if (raw?.nats) address(raw.nats.serverAddress, "nats", "serverAddress");
  if (raw?.kafka) address(raw.kafka.brokerAddress, "kafka", "brokerAddress");
  if (raw?.redis) address(raw.redis.serverAddress, "redis", "serverAddress");
  const database = raw?.database;
  if (!database) return;
  const { type = "", connectionString = "" } = database;
  if (type !== "mysql" && type !== "postgresql") {
    context.error(
      [...PATH, "database", "type"],
      `database type ${type} is invalid, must be 'mysql' or 'postgresql'`,
    );
  } else if (!connectionString) {
    context.error([...PATH, "database", "connectionString"], "database connectionString is empty");
  }
}

/**
 * What is wrong with an address as written; `env(NAME)` is checked once resolved, by the plugin.
 * Kafka's `brokerAddress` may list several brokers, separated by commas.
 */
function addressProblem(value: string, field: string, connection: string): string | undefined {
  if (!value) return `${field} is empty`;
  if (envReference(value) !== undefined) return undefined;
  const parts = connection === "kafka" ? value.split(",").filter((p) => p.trim()) : [value];
  if (parts.length === 0) return `${field} '${value}' names no broker`;
  for (const part of parts) {
    const error = serverAddressError(part);
    if (error) {
      return `${field} '${part.trim()}' is not an address (${error}): write host:port, IP:port, ` +
        `[IPv6]:port or a URL such as ${connection}://127.0.0.1:${DEFAULT_PORTS[connection]}`;
    }
  }
  return undefined;
}

/** The usual port of each server, for the example in messages. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { nats: 4222, kafka: 9092, redis: 6379 };

/** The connections with `env(NAME)` resolved where Atmo resolves it. */
export function resolveConnections(
  raw: RawConnections | undefined,
  resolve: ValueResolver,
): Connections | undefined {
  if (!raw) return undefined;
  const at = (connection: string, field: string, value = "") =>
    resolve(value, [...PATH, connection, field]);
  const connections: Connections = {};
  if (raw.nats) {
    connections.nats = { serverAddress: at("nats", "serverAddress", raw.nats.serverAddress) };
  }
  if (raw.kafka) {
    connections.kafka = { brokerAddress: at("kafka", "brokerAddress", raw.kafka.brokerAddress) };
  }
  if (raw.redis) {
    const { serverAddress, username, password } = raw.redis;
    connections.redis = { serverAddress: at("redis", "serverAddress", serverAddress) };
    if (username !== undefined) connections.redis.username = at("redis", "username", username);
    if (password !== undefined) connections.redis.password = at("redis", "password", password);
  }
  if (raw.database) {
    connections.database = {
      type: raw.database.type === "postgresql" ? "postgresql" : "mysql",
      connectionString: at("database", "connectionString", raw.database.connectionString),
    };
  }
  return connections;
}
