/**
 * What the service script knows without touching the machine: the services, their fixed
 * loopback endpoints, the command line, and the `KEY=value` env file. Everything here is pure.
 *
 * @module
 */

/** Every service, in the order they are printed. */
export const SERVICE_NAMES = ["nats", "kafka", "redis", "postgres", "mariadb"] as const;

/** The name of one service. */
export type ServiceName = typeof SERVICE_NAMES[number];

/** The only address the services listen on. */
export const HOST = "127.0.0.1";

/** Where clients reach one service, and the env var that tells the tests. */
export interface Endpoint {
  /** TCP port on {@link HOST}. */
  port: number;
  /** Connection string given to clients. */
  url: string;
  /** Environment variable that carries {@link url}. */
  envKey: string;
}

/** The fixed endpoint of each service. */
export const ENDPOINTS: Readonly<Record<ServiceName, Endpoint>> = {
  nats: { port: 4222, url: `nats://${HOST}:4222`, envKey: "STRATOS_TEST_NATS_URL" },
  kafka: { port: 9092, url: `${HOST}:9092`, envKey: "STRATOS_TEST_KAFKA_BROKERS" },
  redis: { port: 6379, url: `redis://${HOST}:6379`, envKey: "STRATOS_TEST_REDIS_URL" },
  postgres: {
    port: 5432,
    url: `postgres://stratos:stratos@${HOST}:5432/stratos`,
    envKey: "STRATOS_TEST_POSTGRES_URL",
  },
  mariadb: {
    port: 3306,
    url: `mysql://stratos:stratos@${HOST}:3306/stratos`,
    envKey: "STRATOS_TEST_MYSQL_URL",
  },
};

/** Port of Kafka's KRaft controller listener (not for clients). */
export const KAFKA_CONTROLLER_PORT = 9093;

/** User, password and database created in PostgreSQL and MariaDB. */
export const DB_USER = "stratos";

/** Other names accepted on the command line. */
const ALIASES: Readonly<Record<string, ServiceName>> = {
  mysql: "mariadb",
  postgresql: "postgres",
  pg: "postgres",
};

/** An error whose message is meant for the user as is (printed without a stack trace). */
export class ServiceError extends Error {
  /** Creates the error; `name` is always `ServiceError`. */
  constructor(message: string) {
    super(message);
    this.name = "ServiceError";
  }
}

/** A parsed command line. */
export interface Command {
  /** What to do. */
  action: "up" | "down" | "status" | "help";
  /** The services it applies to (all when none were named). */
  names: ServiceName[];
}

/** Usage text of `tests/infra/services.ts`. */
export const USAGE = `usage: deno run -A tests/infra/services.ts <up|down|status> [${
  SERVICE_NAMES.join(" ")
}]

  up      install what is missing, start the services (all by default), wait until they answer
  down    stop the services that 'up' started (others are left alone); data is kept
  status  show which services answer; exit 1 if any named one does not

Connection details are printed and written to .stratos/services/env.`;

/** Parses the command line; throws {@link ServiceError} on a mistake. */
export function parseArgs(args: readonly string[]): Command {
  const [action, ...rest] = args;
  if (action === undefined || ["help", "-h", "--help"].includes(action)) {
    return { action: "help", names: [] };
  }
  if (action !== "up" && action !== "down" && action !== "status") {
    throw new ServiceError(`unknown command '${action}' (expected up, down or status)`);
  }
  return { action, names: resolveNames(rest.length > 0 ? rest : undefined) };
}

/**
 * Resolves service names and aliases, in the canonical order. `undefined` means all five; an
 * empty list means none.
 */
export function resolveNames(names?: readonly string[]): ServiceName[] {
  if (names === undefined) return [...SERVICE_NAMES];
  const wanted = new Set<ServiceName>();
  for (const raw of names) {
    const name = raw.toLowerCase();
    const resolved = ALIASES[name] ?? SERVICE_NAMES.find((n) => n === name);
    if (resolved === undefined) {
      throw new ServiceError(`unknown service '${raw}' (known: ${SERVICE_NAMES.join(", ")})`);
    }
    wanted.add(resolved);
  }
  return SERVICE_NAMES.filter((n) => wanted.has(n));
}

/** Renders the env file: one `KEY=value` line per service that is up, in canonical order. */
export function renderEnv(up: Iterable<ServiceName>): string {
  const set = new Set(up);
  const lines = SERVICE_NAMES.filter((n) => set.has(n)).map((n) =>
    `${ENDPOINTS[n].envKey}=${ENDPOINTS[n].url}`
  );
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/** The `KEY -> value` map of an env file's text (blank lines and `#` comments skipped). */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    const eq = trimmed.indexOf("=");
    if (trimmed === "" || trimmed.startsWith("#") || eq <= 0) continue;
    env[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return env;
}

/** Formats milliseconds as seconds with one decimal, e.g. `1.2 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
