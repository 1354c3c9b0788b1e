/**
 * Apache Kafka's own broker, single node in KRaft mode (broker and controller in one JVM),
 * from Maven Central: `org.apache.kafka:kafka_2.13` and its runtime jars are resolved once with
 * mvn into `.stratos/services/kafka/libs`, then `java -cp 'libs/*' kafka.Kafka server.properties`
 * runs after the storage is formatted. Logging goes through slf4j-simple at WARN (plus the
 * "Kafka Server started" line) into `.stratos/services/kafka/kafka.log`.
 *
 * @module
 */

import { join } from "node:path";
import { ENDPOINTS, HOST, KAFKA_CONTROLLER_PORT, ServiceError } from "./config.ts";
import { logFile, serviceDir } from "./paths.ts";
import { kafkaBrokers } from "./probes.ts";
import { commandError, run, runOk } from "../../../scripts/lib/mod.ts";
import { spawnDaemon, which } from "./proc.ts";
import { ensureServiceDir, exists, type Service, waitReady } from "./service.ts";

/** Kafka version: the newest 4.x that resolves here; kafkajs 2.2.4 works with it (see README). */
export const KAFKA_VERSION = "4.4.0";
/** Scala build of the broker artifact. */
export const SCALA_VERSION = "2.13";
/** slf4j binding matching Kafka's slf4j-api 1.7.36, so the broker's log lines are written. */
export const SLF4J_SIMPLE_VERSION = "1.7.36";
/** maven-dependency-plugin used to copy the jars. */
export const DEPENDENCY_PLUGIN_VERSION = "3.8.1";

const PORT = ENDPOINTS.kafka.port;
const DIR = serviceDir("kafka");
const LIBS = join(DIR, "libs");
/** Folder of the broker's jars (its classpath is `KAFKA_LIBS/*`). */
export const KAFKA_LIBS: string = LIBS;
const DATA = join(DIR, "data");
const VERSION_MARK = join(LIBS, ".version");
const CDS_ARCHIVE = join(DIR, "kafka.jsa");
/** The class-data sharing archive recorded by the shared broker (see {@link cdsOption}). */
export const KAFKA_CDS_ARCHIVE: string = CDS_ARCHIVE;

/** The pom whose runtime dependencies are the broker's classpath. */
export function renderPom(version = KAFKA_VERSION): string {
  const dep = (g: string, a: string, v: string) =>
    `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>stratos.services</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${dep("org.apache.kafka", `kafka_${SCALA_VERSION}`, version)}
${dep("org.slf4j", "slf4j-simple", SLF4J_SIMPLE_VERSION)}
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>${DEPENDENCY_PLUGIN_VERSION}</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

/** The ports of a single KRaft node: clients' (PLAINTEXT) and the controller's. */
export interface KafkaPorts {
  /** Port of the PLAINTEXT listener, for clients. */
  broker: number;
  /** Port of the CONTROLLER listener. */
  controller: number;
}

/**
 * server.properties of the single KRaft node: loopback, auto topic creation, 4 partitions; the
 * fixed ports unless `ports` says otherwise.
 */
export function renderServerProperties(
  dataDir: string,
  ports: KafkaPorts = { broker: PORT, controller: KAFKA_CONTROLLER_PORT },
): string {
  const { broker, controller } = ports;
  const settings: [string, string | number][] = [
    ["process.roles", "broker,controller"],
    ["node.id", 1],
    ["controller.quorum.voters", `1@${HOST}:${controller}`],
    ["listeners", `PLAINTEXT://${HOST}:${broker},CONTROLLER://${HOST}:${controller}`],
    ["advertised.listeners", `PLAINTEXT://${HOST}:${broker}`],
    ["controller.listener.names", "CONTROLLER"],
    ["listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"],
    ["inter.broker.listener.name", "PLAINTEXT"],
    ["log.dirs", dataDir],
    ["auto.create.topics.enable", "true"],
    ["num.partitions", 4],
    ["default.replication.factor", 1],
    ["offsets.topic.replication.factor", 1],
    ["offsets.topic.num.partitions", 4],
    ["transaction.state.log.replication.factor", 1],
    ["transaction.state.log.min.isr", 1],
    ["transaction.state.log.num.partitions", 4],
    ["share.coordinator.state.topic.replication.factor", 1],
    ["share.coordinator.state.topic.min.isr", 1],
    ["group.initial.rebalance.delay.ms", 0],
  ];
  return settings.map(([key, value]) => `${key}=${value}`).join("\n") + "\n";
}

/** A Kafka cluster id (base64url of 16 bytes, no padding) that does not start with `-`. */
export function clusterId(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  for (;;) {
    const bytes = random(new Uint8Array(16));
    const id = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
      .replace(/=+$/, "");
    if (!id.startsWith("-")) return id;
  }
}

/** JVM options: small heap, serial GC, quiet logging except the start-up line. */
export function jvmOptions(): string[] {
  return [
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Xlog:cds*=off", // class-data sharing notes (see cdsOption) are noise in the log
    "-Djava.awt.headless=true",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
    "-Dorg.slf4j.simpleLogger.showDateTime=true",
    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
  ];
}

/**
 * Class-data sharing, which makes the JVM start faster: the first run records the classes it
 * loaded into `archive` when it exits; later runs map them. A stale archive (other JDK, other
 * jars) is ignored by the JVM, which then starts without sharing.
 */
export function cdsOption(archive: string, archiveExists: boolean): string {
  return archiveExists ? `-XX:SharedArchiveFile=${archive}` : `-XX:ArchiveClassesAtExit=${archive}`;
}

/** True when the jars of {@link KAFKA_VERSION} are already in `libs/`. */
async function libsReady(): Promise<boolean> {
  try {
    return (await Deno.readTextFile(VERSION_MARK)).trim() === KAFKA_VERSION;
  } catch {
    return false;
  }
}

/** Resolves the broker's jars with mvn into `libs/` (once per version). */
export async function ensureKafkaLibs(): Promise<void> {
  if (await libsReady()) return;
  await ensureServiceDir("kafka");
  await Deno.writeTextFile(join(DIR, "pom.xml"), renderPom());
  const tmp = `${LIBS}.tmp`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await runOk(`resolving kafka_${SCALA_VERSION} ${KAFKA_VERSION} with mvn`, "mvn", [
    "-B",
    "-q",
    "-f",
    join(DIR, "pom.xml"),
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${tmp}`,
  ], { cwd: DIR });
  await Deno.writeTextFile(join(tmp, ".version"), `${KAFKA_VERSION}\n`);
  await Deno.remove(LIBS, { recursive: true }).catch(() => {});
  await Deno.remove(CDS_ARCHIVE).catch(() => {}); // recorded from the old jars
  await Deno.rename(tmp, LIBS);
}

/** The storage tool's main class: in the core jar up to 4.x, in the tools jar later. */
const STORAGE_TOOLS = ["kafka.tools.StorageTool", "org.apache.kafka.tools.StorageTool"];

/** Formats the KRaft storage (`config`'s `log.dirs`, `dataDir`) when it has none yet. */
export async function formatKafkaStorage(config: string, dataDir: string): Promise<void> {
  if (await exists(join(dataDir, "meta.properties"))) return;
  const args = ["format", "-t", clusterId(), "-c", config];
  const base = ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", `${LIBS}/*`];
  for (const main of STORAGE_TOOLS) {
    const result = await run("java", [...base, main, ...args]);
    if (result.code === 0) return;
    if (!/Could not find or load main class/.test(result.stderr)) {
      throw commandError("kafka storage format", result);
    }
  }
  throw new ServiceError(`kafka storage format: none of ${STORAGE_TOOLS.join(", ")} in libs`);
}

/** `java` arguments that run the broker with `config`, and `cds` (a {@link cdsOption}) if given. */
export function kafkaBrokerArgs(config: string, cds?: string): string[] {
  return [...jvmOptions(), ...(cds ? [cds] : []), "-cp", `${LIBS}/*`, "kafka.Kafka", config];
}

/** The Kafka service. */
export const kafka: Service = {
  name: "kafka",
  match: "kafka.Kafka",
  stopSignal: "SIGTERM",
  stopTimeoutMs: 30_000,
  startTimeoutMs: 90_000,
  async missingPackages() {
    const missing = (await which("java")) ? [] : ["default-jre-headless"];
    if (!(await libsReady()) && !(await which("mvn"))) missing.push("maven");
    return missing;
  },
  async prepareNeeded() {
    return (await libsReady()) ? undefined : `Kafka ${KAFKA_VERSION} jars (mvn)`;
  },
  prepare: ensureKafkaLibs,
  async probe() {
    return ((await kafkaBrokers(PORT)) ?? 0) >= 1;
  },
  async start(spawned) {
    await ensureServiceDir("kafka");
    const config = join(DIR, "server.properties");
    await Deno.writeTextFile(config, renderServerProperties(DATA));
    await formatKafkaStorage(config, DATA);
    const cds = cdsOption(CDS_ARCHIVE, await exists(CDS_ARCHIVE));
    const pid = await spawnDaemon("java", kafkaBrokerArgs(config, cds), logFile("kafka"), {
      cwd: DIR,
    });
    await spawned(pid);
    await waitReady(kafka, pid);
    return pid;
  },
};
