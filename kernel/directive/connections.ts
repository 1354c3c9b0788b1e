/**
 * `connections:` (NATS, Kafka, Redis, database): Atmo's checks on the values as written, and the
 * values with `env(NAME)` resolved.
 *
 * @module
 */

import type { ValueResolver } from "./env.ts";
import type { CheckContext } from "./check_context.ts";
import { goUrlParseError } from "./go_url.ts";
import type { RawConnections } from "./schema.ts";
import type { Connections } from "./types.ts";

const PATH = ["connections"];

/** Atmo's checks, on the literal values (before `env(NAME)` is resolved). */
export function checkConnections(raw: RawConnections | undefined, context: CheckContext): void {
  const address = (value: string | undefined, connection: string, field: string) => {
    const problem = addressProblem(value ?? "", field);
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

function addressProblem(value: string, field: string): string | undefined {
  if (!value) return `${field} is empty`;
  const parseError = goUrlParseError(value);
  return parseError && `failed to parse ${field} as URL: ${parseError}`;
}

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
