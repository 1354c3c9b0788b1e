/**
 * Test support: a private Kafka broker, a single KRaft node (broker and controller in one JVM)
 * from the jars `tests/infra/services.ts up kafka` resolved, on free loopback ports with its own data
 * folder in a temporary folder, for tests that stop and restart the broker.
 *
 * @module
 */

import { freePort } from "../../bench/process.ts";
import {
  cdsOption,
  ensureKafkaLibs,
  formatKafkaStorage,
  KAFKA_CDS_ARCHIVE,
  kafkaBrokerArgs,
  type KafkaPorts,
  renderServerProperties,
} from "../infra/services/kafka.ts";
import { kafkaBrokers } from "../infra/services/probes.ts";
import { exists } from "../infra/services/service.ts";
import { type PrivateServer, privateServer, startChild } from "./private_server.ts";

/** Two different free ports: the broker's and the controller's. */
function freeKafkaPorts(): KafkaPorts {
  const broker = freePort();
  let controller = freePort();
  while (controller === broker) controller = freePort();
  return { broker, controller };
}

/**
 * Formats a data folder and starts the broker on `ports` (free ones by default); `url` is
 * `127.0.0.1:<broker port>`. Its clean stop is SIGTERM (a controlled shutdown). Start-up takes
 * several seconds (a JVM; the class-data sharing archive of the shared broker is used if there).
 * @throws {Error} if Java or Maven is missing (`deno run -A tests/infra/services.ts up kafka`)
 */
export async function startKafkaServer(ports = freeKafkaPorts()): Promise<PrivateServer> {
  // The jars of the shared broker; resolved here when that broker was started by another
  // checkout (its `tests/infra/services.ts up kafka` found it running and fetched nothing).
  await ensureKafkaLibs();
  const dir = await Deno.makeTempDir({ prefix: "stratos-private-kafka-" });
  const [data, config, log] = [`${dir}/data`, `${dir}/server.properties`, `${dir}/kafka.log`];
  return await privateServer({
    url: `127.0.0.1:${ports.broker}`,
    port: ports.broker,
    dir,
    log,
    stopSignal: "SIGTERM",
    async start() {
      await Deno.writeTextFile(config, renderServerProperties(data, ports));
      await formatKafkaStorage(config, data); // does nothing once done
      const cds = (await exists(KAFKA_CDS_ARCHIVE))
        ? cdsOption(KAFKA_CDS_ARCHIVE, true)
        : undefined;
      return await startChild({
        what: `kafka broker on port ${ports.broker}`,
        cmd: "java",
        args: kafkaBrokerArgs(config, cds),
        log,
        cwd: dir,
        ready: async () => ((await kafkaBrokers(ports.broker)) ?? 0) >= 1,
        timeoutMs: 90_000,
      });
    },
  });
}
