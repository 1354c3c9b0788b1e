import assert from "node:assert/strict";
import {
  ENDPOINTS,
  parseArgs,
  parseEnv,
  renderEnv,
  resolveNames,
  SERVICE_NAMES,
  ServiceError,
} from "./services/config.ts";
import { cdsOption, clusterId, renderPom, renderServerProperties } from "./services/kafka.ts";
import { mariadbdArgs, SETUP_SQL } from "./services/mariadb.ts";
import { formatResult } from "./services/mod.ts";
import { natsArgs } from "./services/nats.ts";
import { openToOthers } from "./services/paths.ts";
import { pgServerOptions } from "./services/postgres.ts";
import {
  encodeKafkaMetadataRequest,
  exchange,
  kafkaFrameComplete,
  natsInfo,
  parseKafkaMetadataBrokers,
  parseMysqlGreeting,
  parseNatsInfo,
  redisPing,
  tcpOpen,
} from "./services/probes.ts";
import { isAlive, sleep, spawnDaemon, stopPid, withoutStackFrames } from "./services/proc.ts";
import {
  isRecordedProcess,
  parseCmdline,
  parseRecord,
  parseStatState,
  type PidRecord,
  processInfo,
  renderRecord,
} from "./services/records.ts";
import { redisArgs } from "./services/redis.ts";

Deno.test("parseArgs - commands, default names, aliases, order and errors", () => {
  assert.deepEqual(parseArgs(["up"]), { action: "up", names: [...SERVICE_NAMES] });
  assert.deepEqual(parseArgs(["down", "redis", "nats"]), {
    action: "down",
    names: ["nats", "redis"],
  });
  assert.deepEqual(parseArgs(["status", "mysql", "PostgreSQL", "pg"]), {
    action: "status",
    names: ["postgres", "mariadb"],
  });
  assert.deepEqual(parseArgs([]), { action: "help", names: [] });
  assert.deepEqual(parseArgs(["--help"]), { action: "help", names: [] });
  assert.throws(() => parseArgs(["start"]), ServiceError);
  assert.throws(() => parseArgs(["up", "mongo"]), /unknown service 'mongo'/);
  assert.deepEqual(resolveNames(), [...SERVICE_NAMES]);
  assert.deepEqual(resolveNames([]), []);
});

Deno.test("renderEnv - one KEY=value line per service that is up, canonical order", () => {
  assert.equal(
    renderEnv(["redis", "nats"]),
    "STRATOS_TEST_NATS_URL=nats://127.0.0.1:4222\nSTRATOS_TEST_REDIS_URL=redis://127.0.0.1:6379\n",
  );
  assert.equal(renderEnv([]), "");
  const all = parseEnv(renderEnv(SERVICE_NAMES));
  assert.deepEqual(all, {
    STRATOS_TEST_NATS_URL: "nats://127.0.0.1:4222",
    STRATOS_TEST_KAFKA_BROKERS: "127.0.0.1:9092",
    STRATOS_TEST_REDIS_URL: "redis://127.0.0.1:6379",
    STRATOS_TEST_POSTGRES_URL: "postgres://stratos:stratos@127.0.0.1:5432/stratos",
    STRATOS_TEST_MYSQL_URL: "mysql://stratos:stratos@127.0.0.1:3306/stratos",
  });
  assert.deepEqual(parseEnv("# c\n\nA=b=c\n=x\n"), { A: "b=c" });
});

const record: PidRecord = {
  name: "redis",
  pid: 4242,
  match: "redis-server",
  startedAt: "2026-01-01T00:00:00.000Z",
  dataDir: "/r/.stratos/services/redis",
  log: "/r/.stratos/services/redis/redis.log",
};

Deno.test("pid records - round trip and rejection of invalid records", () => {
  assert.deepEqual(parseRecord(renderRecord(record)), record);
  assert.equal(parseRecord("not json"), undefined);
  assert.equal(parseRecord("null"), undefined);
  assert.equal(parseRecord(JSON.stringify({ ...record, name: "mongo" })), undefined);
  assert.equal(parseRecord(JSON.stringify({ ...record, pid: 1 })), undefined);
  assert.equal(parseRecord(JSON.stringify({ ...record, pid: "12" })), undefined);
  assert.equal(parseRecord(JSON.stringify({ ...record, match: "" })), undefined);
  assert.deepEqual(parseRecord(JSON.stringify({ ...record, extra: 1 })), record);
});

Deno.test("pid records - a process is ours only when alive and its command line matches", () => {
  const cmdline = ["redis-server 127.0.0.1:6379"];
  assert.equal(isRecordedProcess(record, { state: "S", cmdline }), true);
  assert.equal(isRecordedProcess(record, { state: "Z", cmdline }), false);
  assert.equal(isRecordedProcess(record, { state: "S", cmdline: ["bash"] }), false);
  assert.equal(isRecordedProcess(record, undefined), false);
  assert.equal(parseStatState("123 (my (odd) name) S 1 2 3"), "S");
  assert.equal(parseStatState("garbage"), undefined);
  assert.deepEqual(parseCmdline("java\0-cp\0libs/*\0kafka.Kafka\0"), [
    "java",
    "-cp",
    "libs/*",
    "kafka.Kafka",
  ]);
});

Deno.test("pid records - a real background process is recognised and stopped", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const pid = await spawnDaemon("sleep", ["30"], `${dir}/log`);
    assert.equal(await isAlive(pid), true);
    // Right after the fork the child may still be exec-ing (its cmdline is briefly empty).
    const recorded = { ...record, pid, match: "sleep" };
    const deadline = Date.now() + 2000;
    while (!isRecordedProcess(recorded, await processInfo(pid)) && Date.now() < deadline) {
      await sleep(10);
    }
    assert.equal(isRecordedProcess(recorded, await processInfo(pid)), true);
    assert.equal(await stopPid(pid, "SIGTERM", 2000), "stopped");
    assert.equal(await isAlive(pid), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("formatResult - one line per service", () => {
  const base = { name: "nats" as const, ok: true, started: false, url: ENDPOINTS.nats.url };
  assert.equal(
    formatResult({ ...base, up: true, note: "started, 1.2 s" }),
    "nats     up    nats://127.0.0.1:4222  (started, 1.2 s)",
  );
  assert.equal(
    formatResult({ ...base, up: false, note: "not running" }),
    "nats     down  (not running)",
  );
  assert.equal(
    formatResult({ ...base, ok: false, up: false, note: "failed", error: "nats exited" }),
    "nats     FAIL  nats exited",
  );
});

Deno.test("kafka - server.properties, pom and cluster id", () => {
  const props = renderServerProperties("/d/data");
  for (
    const line of [
      "process.roles=broker,controller",
      "listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
      "advertised.listeners=PLAINTEXT://127.0.0.1:9092",
      "controller.quorum.voters=1@127.0.0.1:9093",
      "log.dirs=/d/data",
      "auto.create.topics.enable=true",
      "num.partitions=4",
      "offsets.topic.replication.factor=1",
    ]
  ) assert.ok(props.split("\n").includes(line), line);
  const pom = renderPom("4.4.0");
  assert.match(pom, /<artifactId>kafka_2\.13<\/artifactId><version>4\.4\.0<\/version>/);
  assert.match(pom, /<artifactId>slf4j-simple<\/artifactId>/);
  assert.equal(cdsOption("/k/a.jsa", false), "-XX:ArchiveClassesAtExit=/k/a.jsa");
  assert.equal(cdsOption("/k/a.jsa", true), "-XX:SharedArchiveFile=/k/a.jsa");
  const id = clusterId();
  assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  let calls = 0;
  const fixed = clusterId((b) => b.fill(++calls === 1 ? 0xfb : 0)); // first try starts with '-'
  assert.equal(fixed, "AAAAAAAAAAAAAAAAAAAAAA");
  assert.equal(calls, 2);
});

Deno.test("daemon arguments - loopback and fixed ports", () => {
  assert.deepEqual(natsArgs("/s"), ["-a", "127.0.0.1", "-p", "4222", "-js", "-sd", "/s"]);
  const redis = redisArgs("/r");
  assert.equal(redis[redis.indexOf("--save") + 1], "");
  assert.equal(redis[redis.indexOf("--bind") + 1], "127.0.0.1");
  assert.equal(redis[redis.indexOf("--port") + 1], "6379");
  assert.match(pgServerOptions("/p/run"), /listen_addresses=127\.0\.0\.1 -p 5432 .*'\/p\/run'/);
  const maria = mariadbdArgs("/m/data", "/m/run", true);
  assert.ok(maria.includes("--bind-address=127.0.0.1") && maria.includes("--port=3306"));
  assert.ok(maria.includes("--socket=/m/run/mariadb.sock") && maria.includes("--user=mysql"));
  assert.equal(mariadbdArgs("/m/data", "/m/run", false).some((a) => a.startsWith("--user")), false);
  assert.match(SETUP_SQL, /CREATE USER IF NOT EXISTS 'stratos'@'%' IDENTIFIED BY 'stratos'/);
});

Deno.test("probes - Kafka Metadata v4 request and response", () => {
  const request = encodeKafkaMetadataRequest("c");
  const view = new DataView(request.buffer);
  assert.equal(view.getInt32(0), request.length - 4);
  assert.equal(view.getInt16(4), 3); // api key Metadata
  assert.equal(view.getInt16(6), 4); // version
  assert.equal(view.getInt16(12), 1); // client id length
  assert.equal(view.getInt32(15), 0); // no topics
  const correlation = view.getInt32(8);
  const response = new Uint8Array(4 + 12 + 20);
  const rv = new DataView(response.buffer);
  rv.setInt32(0, response.length - 4);
  rv.setInt32(4, correlation);
  rv.setInt32(8, 0); // throttle
  rv.setInt32(12, 1); // one broker
  assert.equal(kafkaFrameComplete(response), true);
  assert.equal(kafkaFrameComplete(response.subarray(0, 10)), false);
  assert.equal(parseKafkaMetadataBrokers(response), 1);
  rv.setInt32(4, correlation + 1);
  assert.equal(parseKafkaMetadataBrokers(response), undefined);
});

Deno.test("probes - MySQL greeting and error packets, NATS INFO", () => {
  const packet = (payload: number[]) => new Uint8Array([payload.length, 0, 0, 0, ...payload]);
  const version = [...new TextEncoder().encode("10.11.19-MariaDB")];
  assert.deepEqual(parseMysqlGreeting(packet([10, ...version, 0, 1, 2])), {
    ok: true,
    version: "10.11.19-MariaDB",
  });
  const message = [...new TextEncoder().encode("Host blocked")];
  assert.deepEqual(parseMysqlGreeting(packet([0xff, 0x69, 0x04, ...message])), {
    ok: false,
    message: "error 1129: Host blocked",
  });
  assert.equal(parseMysqlGreeting(new Uint8Array([50, 0, 0, 0, 10])), undefined); // incomplete
  assert.deepEqual(parseNatsInfo('INFO {"version":"2.9.10","jetstream":true}\r\n'), {
    version: "2.9.10",
    jetstream: true,
  });
  assert.equal(parseNatsInfo("-ERR 'x'\r\n"), undefined);
  const trace = "ERROR boom\njava.lang.X: y\n\tat a.b(C.java:1)\n\t... 18 more\nCaused by: z";
  assert.equal(withoutStackFrames(trace), "ERROR boom\njava.lang.X: y\nCaused by: z");
});

Deno.test("probes - talk to a fake server on an ephemeral port", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const serving = (async () => {
    for await (const conn of listener) {
      await conn.write(new TextEncoder().encode('INFO {"version":"x","jetstream":false}\r\n'));
      const buf = new Uint8Array(64);
      const n = await conn.read(buf).catch(() => null);
      if (n !== null && new TextDecoder().decode(buf.subarray(0, n)) === "PING\r\n") {
        await conn.write(new TextEncoder().encode("+PONG\r\n")).catch(() => {});
      }
      conn.close();
    }
  })();
  try {
    assert.equal(await tcpOpen(port), true);
    assert.deepEqual(await natsInfo(port), { version: "x", jetstream: false });
    assert.equal(await redisPing(port), 'INFO {"version":"x","jetstream":false}');
    const silent = await exchange(port, undefined, () => false, 300);
    assert.ok(silent !== undefined && silent.length > 0);
  } finally {
    listener.close();
    await serving.catch(() => {});
  }
  assert.equal(await tcpOpen(port), false);
  assert.equal(await natsInfo(port), undefined);
});

Deno.test("paths - a folder under one closed to others is not open to them", async () => {
  const closed = await Deno.makeTempDir({ prefix: "stratos-closed-" });
  try {
    await Deno.chmod(closed, 0o700);
    assert.equal(openToOthers(`${closed}/c/.stratos/services`), false);
    await Deno.chmod(closed, 0o755);
    assert.equal(openToOthers(`${closed}/c/.stratos/services`), true);
  } finally {
    await Deno.remove(closed, { recursive: true });
  }
});
