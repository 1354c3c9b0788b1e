/**
 * Protocol checks on a port: each one connects to 127.0.0.1, says the least that makes the
 * server prove what it is (NATS `INFO`, Redis `PING`, Kafka `Metadata`, the MySQL greeting,
 * PostgreSQL's SSLRequest), and reads the answer. The encoders and parsers are pure.
 *
 * @module
 */

import { HOST } from "./config.ts";

/** True when something accepts TCP connections on the port. */
export async function tcpOpen(port: number, timeoutMs = 1000): Promise<boolean> {
  const conn = await connect(port, timeoutMs);
  conn?.close();
  return conn !== undefined;
}

/** Connects, or undefined when refused or too slow. */
async function connect(port: number, timeoutMs: number): Promise<Deno.TcpConn | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = Deno.connect({ hostname: HOST, port }).catch(() => undefined);
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const conn = await Promise.race([attempt, timeout]);
  clearTimeout(timer);
  if (conn === undefined) attempt.then((late) => late?.close()); // a late connection is dropped
  return conn;
}

/**
 * Connects, sends `request` (if any), and reads until `complete` says the answer is whole, the
 * server closes, or the time is up. Returns what was read; undefined when nothing connected.
 */
export async function exchange(
  port: number,
  request: Uint8Array | undefined,
  complete: (data: Uint8Array) => boolean,
  timeoutMs = 2000,
): Promise<Uint8Array | undefined> {
  const conn = await connect(port, timeoutMs);
  if (conn === undefined) return undefined;
  const timer = setTimeout(() => conn.close(), timeoutMs);
  let data: Uint8Array = new Uint8Array(0);
  try {
    if (request) await conn.write(request);
    const chunk = new Uint8Array(16_384);
    while (!complete(data)) {
      const n = await conn.read(chunk);
      if (n === null) break;
      data = concat(data, chunk.subarray(0, n));
    }
  } catch {
    // closed by the timer or by the server: return what we have
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // already closed
    }
  }
  return data;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const hasLine = (data: Uint8Array) => text(data).includes("\r\n");

// --- NATS -------------------------------------------------------------------------------------

/** What a NATS server says in its `INFO` line. */
export interface NatsInfo {
  /** Server version. */
  version: string;
  /** Whether JetStream is enabled. */
  jetstream: boolean;
}

/** Parses the `INFO {...}` line a NATS server sends on connect. */
export function parseNatsInfo(answer: string): NatsInfo | undefined {
  const line = answer.split("\r\n")[0];
  if (!line.startsWith("INFO ")) return undefined;
  try {
    const info = JSON.parse(line.slice(5)) as { version?: unknown; jetstream?: unknown };
    return { version: String(info.version ?? "?"), jetstream: info.jetstream === true };
  } catch {
    return undefined;
  }
}

/** The INFO of the NATS server on the port; undefined when none answers. */
export async function natsInfo(port: number): Promise<NatsInfo | undefined> {
  const answer = await exchange(port, undefined, hasLine);
  return answer === undefined ? undefined : parseNatsInfo(text(answer));
}

// --- Redis ------------------------------------------------------------------------------------

/** The first line a Redis server answers to `PING` (`+PONG`, or an error such as `-NOAUTH`). */
export async function redisPing(port: number): Promise<string | undefined> {
  const answer = await exchange(port, new TextEncoder().encode("PING\r\n"), hasLine);
  if (answer === undefined || !hasLine(answer)) return undefined;
  return text(answer).split("\r\n")[0];
}

// --- PostgreSQL -------------------------------------------------------------------------------

/** PostgreSQL's SSLRequest message: length 8, code 80877103. */
export const PG_SSL_REQUEST: Uint8Array = new Uint8Array([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** True when a PostgreSQL server answers the SSLRequest (`N` or `S`). */
export async function pgAnswers(port: number): Promise<boolean> {
  const answer = await exchange(port, PG_SSL_REQUEST, (d) => d.length >= 1);
  return answer !== undefined && answer.length === 1 && (answer[0] === 0x4e || answer[0] === 0x53);
}

// --- MySQL / MariaDB --------------------------------------------------------------------------

/** What the first packet of a MySQL-protocol server says. */
export type MysqlGreeting = { ok: true; version: string } | { ok: false; message: string };

/** Parses the first packet a MySQL/MariaDB server sends: a v10 handshake or an error packet. */
export function parseMysqlGreeting(data: Uint8Array): MysqlGreeting | undefined {
  if (data.length < 5) return undefined;
  const length = data[0] | (data[1] << 8) | (data[2] << 16);
  if (data.length < 4 + length) return undefined;
  const payload = data.subarray(4, 4 + length);
  if (payload[0] === 0x0a) {
    const end = payload.indexOf(0, 1);
    return { ok: true, version: text(payload.subarray(1, end < 0 ? payload.length : end)) };
  }
  if (payload[0] === 0xff) {
    const code = payload[1] | (payload[2] << 8);
    let rest = payload.subarray(3);
    if (rest[0] === 0x23) rest = rest.subarray(6); // '#' + SQL state
    return { ok: false, message: `error ${code}: ${text(rest)}` };
  }
  return undefined;
}

/** The greeting of the MySQL/MariaDB server on the port; undefined when none answers. */
export async function mysqlGreeting(port: number): Promise<MysqlGreeting | undefined> {
  const complete = (d: Uint8Array) =>
    d.length >= 4 && d.length >= 4 + (d[0] | (d[1] << 8) | (d[2] << 16));
  const answer = await exchange(port, undefined, complete);
  return answer === undefined ? undefined : parseMysqlGreeting(answer);
}

// --- Kafka ------------------------------------------------------------------------------------

/** Correlation id of our Metadata request. */
const KAFKA_CORRELATION = 0x5354;

/**
 * Encodes a Kafka Metadata v4 request for no topics (so only brokers come back): request
 * header v1 (api key 3, version 4, correlation id, client id), an empty topic array, and
 * allow_auto_topic_creation = false. Metadata v4 is served by Kafka 1.0 through 4.x.
 */
export function encodeKafkaMetadataRequest(clientId = "stratos-services"): Uint8Array {
  const id = new TextEncoder().encode(clientId);
  const body = new Uint8Array(2 + 2 + 4 + 2 + id.length + 4 + 1);
  const view = new DataView(body.buffer);
  view.setInt16(0, 3);
  view.setInt16(2, 4);
  view.setInt32(4, KAFKA_CORRELATION);
  view.setInt16(8, id.length);
  body.set(id, 10);
  view.setInt32(10 + id.length, 0); // topics: empty array
  view.setInt8(14 + id.length, 0);
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setInt32(0, body.length);
  frame.set(body, 4);
  return frame;
}

/** True when a buffer holds a whole size-prefixed Kafka frame. */
export function kafkaFrameComplete(data: Uint8Array): boolean {
  if (data.length < 4) return false;
  const size = new DataView(data.buffer, data.byteOffset, 4).getInt32(0);
  return data.length >= 4 + size;
}

/**
 * The number of brokers in a Metadata v4 response (after the frame's size prefix: correlation
 * id, throttle time, broker array); undefined when the frame is not our answer.
 */
export function parseKafkaMetadataBrokers(frame: Uint8Array): number | undefined {
  if (!kafkaFrameComplete(frame) || frame.length < 16) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
  if (view.getInt32(4) !== KAFKA_CORRELATION) return undefined;
  const brokers = view.getInt32(12);
  return brokers >= 0 ? brokers : undefined;
}

/** Brokers the Kafka node on the port reports (at least 1 once it serves); undefined if none. */
export async function kafkaBrokers(port: number): Promise<number | undefined> {
  const answer = await exchange(port, encodeKafkaMetadataRequest(), kafkaFrameComplete);
  return answer === undefined ? undefined : parseKafkaMetadataBrokers(answer);
}
