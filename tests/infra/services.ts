/**
 * The project's services for tests and users, on loopback with one command:
 *
 * ```sh
 * deno run -A tests/infra/services.ts up [nats kafka redis postgres mariadb]   # default: all five
 * deno run -A tests/infra/services.ts down [names...]                          # stops only what `up` started
 * deno run -A tests/infra/services.ts status [names...]
 * ```
 *
 * | service  | connection                                         | env var                      |
 * | -------- | -------------------------------------------------- | ---------------------------- |
 * | nats     | `nats://127.0.0.1:4222` (JetStream)                | `STRATOS_TEST_NATS_URL`      |
 * | kafka    | `127.0.0.1:9092` (KRaft, 4 partitions per topic)   | `STRATOS_TEST_KAFKA_BROKERS` |
 * | redis    | `redis://127.0.0.1:6379`                           | `STRATOS_TEST_REDIS_URL`     |
 * | postgres | `postgres://stratos:stratos@127.0.0.1:5432/stratos` | `STRATOS_TEST_POSTGRES_URL`  |
 * | mariadb  | `mysql://stratos:stratos@127.0.0.1:3306/stratos`   | `STRATOS_TEST_MYSQL_URL`     |
 *
 * Missing Debian packages (`nats-server`, `redis-server`, `postgresql`, `mariadb-server`) are
 * installed with apt-get; Kafka's broker jars come from Maven Central through mvn. State (pid
 * records, data, logs, the `env` file) lives in `.stratos/services/`. Exit status: 0 when every
 * named service is fine (for `status`: answers), 1 otherwise, 2 for a usage error.
 *
 * @module
 */

import { parseArgs, ServiceError, USAGE } from "./services/config.ts";
import { ENV_FILE, servicesDown, servicesStatus, servicesUp } from "./services/mod.ts";
import { display } from "./services/paths.ts";

/** Runs the command line; returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(args);
  } catch (error) {
    console.error(`services: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.action === "help") {
    console.log(USAGE);
    return 0;
  }
  const act = { up: servicesUp, down: servicesDown, status: servicesStatus }[command.action];
  const results = await act(command.names);
  if (command.action !== "down") console.log(`env: ${display(ENV_FILE)}`);
  const fine = command.action === "status"
    ? results.every((r) => r.up)
    : results.every((r) => r.ok);
  return fine ? 0 : 1;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    const message = error instanceof ServiceError || error instanceof Error
      ? error.message
      : String(error);
    console.error(`services: ${message}`);
    Deno.exit(1);
  }
}
