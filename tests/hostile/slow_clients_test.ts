/**
 * Slow and idle clients against the CLI (as users run it), over raw TCP: a wave of 1,000
 * slowloris connections (half a request head, then a byte a second) is closed after the header
 * timeout while a normal client is answered all along and the server's memory returns; an idle
 * keep-alive connection is closed after the idle timeout; a body that trickles in gets 408 at
 * the handler's time limit; past the connection limit a new connection gets a raw 503; an open
 * WebSocket is never closed for being idle.
 *
 * The test process and the server each hold 1,000 sockets: `ulimit -n` must be at least 2,500
 * (the test checks and says so).
 */

import assert from "node:assert/strict";
import { residentMB } from "../../bench/process.ts";
import { spinApp } from "../support/spin_app.ts";
import { startStratos, type StratosProcess } from "../support/stratos_process.ts";

const HEADER_TIMEOUT_S = 2;
const IDLE_TIMEOUT_S = 1;
const TIME_LIMIT_S = 2;
/** How late past a timeout the server may close (its sweeper runs every 125 ms here). */
const LATE_MS = 1500;
const SLOWLORIS = 1000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A WebSocket handler at `/ws`, besides the app's `POST /hello`. */
const WEBSOCKET = `  - type: stream
    resource: /ws
    steps:
      - fn: hello
`;

const FLAGS = [
  "--workers",
  "1",
  "--header-timeout",
  String(HEADER_TIMEOUT_S),
  "--idle-timeout",
  String(IDLE_TIMEOUT_S),
  "--timeout",
  String(TIME_LIMIT_S),
  "--log-level",
  "warn",
];

/** The soft limit on open files of this process (the server inherits it). */
function openFileLimit(): number {
  const limits = Deno.readTextFileSync("/proc/self/limits");
  return Number(/^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1].replace("unlimited", "1e9"));
}

function portOf(proc: StratosProcess): number {
  return Number(new URL(proc.url).port);
}

/** Waits until the server closes `conn`; resolves with what it sent before (usually nothing). */
async function closedBy(conn: Deno.TcpConn): Promise<string> {
  let text = "";
  const buffer = new Uint8Array(4096);
  try {
    for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
      text += decoder.decode(buffer.subarray(0, n));
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.ConnectionReset)) throw error;
  }
  return text;
}

/** Reads one response head and its Content-Length body from `conn`. */
async function readResponse(conn: Deno.TcpConn): Promise<{ head: string; body: string }> {
  let text = "";
  const buffer = new Uint8Array(4096);
  while (true) {
    const end = text.indexOf("\r\n\r\n");
    if (end !== -1) {
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(text)?.[1] ?? 0);
      if (text.length >= end + 4 + length) {
        return { head: text.slice(0, end), body: text.slice(end + 4, end + 4 + length) };
      }
    }
    const n = await conn.read(buffer);
    if (n === null) throw new Error(`connection closed after ${JSON.stringify(text)}`);
    text += decoder.decode(buffer.subarray(0, n));
  }
}

function connect(port: number): Promise<Deno.TcpConn> {
  return Deno.connect({ hostname: "127.0.0.1", port });
}

/** One answer of the normal client: status, body, the body expected, and how long it took. */
interface Answer {
  status: number;
  text: string;
  expected: string;
  ms: number;
}

/** Sends `POST /hello` on a connection of its own, again and again, until `stop()`. */
function normalClient(url: string): { stop(): Promise<Answer[]> } {
  const answers: Answer[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const client = Deno.createHttpClient({});
      const started = performance.now();
      let status = 0;
      let text: string;
      try {
        const response = await fetch(`${url}/hello`, { method: "POST", body: `${i}`, client });
        status = response.status;
        text = await response.text();
      } catch (error) {
        text = String(error);
      } finally {
        client.close();
      }
      answers.push({ status, text, expected: `hello ${i}`, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return answers;
    },
  };
}

/**
 * Opens `count` connections that each send half a request head, then one more byte a second;
 * resolves with how long each stayed open (ms) and what the server sent on it.
 */
async function slowloris(port: number, count: number): Promise<{ ms: number; sent: string }[]> {
  const open = new Set<Deno.TcpConn>();
  const drip = setInterval(() => {
    for (const conn of open) conn.write(encoder.encode("a")).catch(() => open.delete(conn));
  }, 1000);
  try {
    const waves: Promise<{ ms: number; sent: string }>[] = [];
    for (let i = 0; i < count; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, () => connect(port)),
      );
      for (const conn of batch) {
        const opened = performance.now();
        open.add(conn);
        waves.push((async () => {
          await conn.write(encoder.encode("POST /hello HTTP/1.1\r\nHost: x\r\nX-Slow: "))
            .catch(() => {});
          const sent = await closedBy(conn);
          open.delete(conn);
          conn.close();
          return { ms: performance.now() - opened, sent };
        })());
      }
    }
    return await Promise.all(waves);
  } finally {
    clearInterval(drip);
  }
}

Deno.test("slow clients - 1,000 slowloris connections are closed at the header timeout; others are served; memory returns", async () => {
  const limit = openFileLimit();
  assert.ok(limit >= 2500, `ulimit -n is ${limit}: this test needs at least 2500 open files`);
  const proc = await startStratos(await spinApp(), {}, [
    ...FLAGS,
    "--max-connections",
    "2000",
  ]);
  try {
    // A first wave of the same size: the allocators keep what a wave freed and hand it to the
    // next, so from here on a wave that leaves nothing behind does not grow the process (one
    // that kept each connection's state would add about 35 MB, as the first wave does).
    await slowloris(portOf(proc), SLOWLORIS);
    const warm = normalClient(proc.url);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await warm.stop();
    const before = residentMB(proc.pid);

    const normal = normalClient(proc.url);
    const started = performance.now();
    let peak = 0;
    const sampler = setInterval(() => peak = Math.max(peak, residentMB(proc.pid)), 200);
    const wave = await slowloris(portOf(proc), SLOWLORIS);
    clearInterval(sampler);
    const waveMs = performance.now() - started;
    const answers = await normal.stop();

    assert.equal(wave.length, SLOWLORIS);
    const sent = wave.filter((w) => w.sent !== "");
    assert.equal(sent.length, 0, `the server answered a half request: ${sent[0]?.sent}`);
    const times = wave.map((w) => w.ms).sort((a, b) => a - b);
    assert.ok(times[0] >= HEADER_TIMEOUT_S * 1000 - 100, `one closed after ${times[0]} ms`);
    assert.ok(
      times.at(-1)! <= HEADER_TIMEOUT_S * 1000 + LATE_MS,
      `one stayed open ${times.at(-1)} ms (header timeout ${HEADER_TIMEOUT_S} s)`,
    );
    assert.ok(waveMs < 30_000, `the wave took ${waveMs} ms`);

    assert.ok(answers.length >= 20, `only ${answers.length} normal requests during the wave`);
    for (const answer of answers) {
      assert.deepEqual([answer.status, answer.text], [200, answer.expected]);
      assert.ok(answer.ms < 2000, `a normal request took ${answer.ms} ms during the wave`);
    }

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = residentMB(proc.pid);
    assert.ok(
      after - before < 25,
      `resident memory ${before.toFixed(1)} MB before the wave, ${peak.toFixed(1)} MB at most ` +
        `during it, ${after.toFixed(1)} MB after`,
    );
  } finally {
    assert.equal(await proc.stop(), 0);
  }
});

Deno.test("slow clients - an idle keep-alive connection is closed after the idle timeout", async () => {
  const proc = await startStratos(await spinApp(), {}, FLAGS);
  const conn = await connect(portOf(proc));
  try {
    for (let i = 0; i < 2; i++) {
      await conn.write(
        encoder.encode("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"),
      );
      const { head, body } = await readResponse(conn);
      assert.match(head, /^HTTP\/1.1 200 OK/);
      assert.equal(body, "hello hi", "the connection is kept alive between requests");
    }
    const answered = performance.now();
    assert.equal(await closedBy(conn), "");
    const idle = performance.now() - answered;
    assert.ok(idle >= IDLE_TIMEOUT_S * 1000 - 100, `closed after ${idle} ms idle`);
    assert.ok(idle <= IDLE_TIMEOUT_S * 1000 + LATE_MS, `still open after ${idle} ms idle`);
  } finally {
    conn.close();
    assert.equal(await proc.stop(), 0);
  }
});

Deno.test("slow clients - a body that trickles in gets 408 at the time limit, then the connection closes", async () => {
  const proc = await startStratos(await spinApp(), {}, FLAGS);
  const conn = await connect(portOf(proc));
  const drip = setInterval(() => conn.write(encoder.encode("x")).catch(() => {}), 300);
  try {
    await conn.write(
      encoder.encode("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab"),
    );
    const sent = performance.now();
    const { head, body } = await readResponse(conn);
    const ms = performance.now() - sent;
    assert.match(head, /^HTTP\/1.1 408 Request Timeout/);
    assert.deepEqual(JSON.parse(body), {
      status: 408,
      message: `the request body did not arrive within the time limit of ${TIME_LIMIT_S} s`,
    });
    assert.ok(ms >= TIME_LIMIT_S * 1000 - 100, `408 after ${ms} ms`);
    assert.ok(ms <= TIME_LIMIT_S * 1000 + LATE_MS, `408 only after ${ms} ms`);
    const answered = performance.now();
    assert.equal(await closedBy(conn), "");
    assert.ok(performance.now() - answered < LATE_MS, "the connection is closed after the 408");
    const other = await fetch(`${proc.url}/hello`, { method: "POST", body: "still" });
    assert.equal(await other.text(), "hello still");
  } finally {
    clearInterval(drip);
    conn.close();
    assert.equal(await proc.stop(), 0);
  }
});

Deno.test("slow clients - past --max-connections a new connection gets a raw 503 and is closed", async () => {
  const proc = await startStratos(await spinApp(), {}, [
    "--workers",
    "1",
    "--max-connections",
    "3",
    "--log-level",
    "warn",
  ]);
  const held = await Promise.all([1, 2, 3].map(() => connect(portOf(proc))));
  try {
    // Each held connection is answered once, so it is surely open on the server.
    for (const conn of held) {
      await conn.write(encoder.encode("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
      assert.match((await readResponse(conn)).head, /^HTTP\/1.1 200 OK/);
    }
    const extra = await connect(portOf(proc));
    await extra.write(encoder.encode("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    const refused = await closedBy(extra);
    extra.close();
    assert.match(refused, /^HTTP\/1.1 503 Service Unavailable\r\n/);
    assert.match(refused, /\r\nretry-after: 1\r\n/);
    assert.match(refused, /\r\n\r\n\{"status":503,"message":"too many open connections"\}$/);

    held.pop()!.close();
    // Once the server has seen that one close, a new connection is served again.
    const deadline = performance.now() + 3000;
    let status = "";
    while (!status.startsWith("HTTP/1.1 200") && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const conn = await connect(portOf(proc));
      await conn.write(
        encoder.encode("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      );
      status = await closedBy(conn);
      conn.close();
    }
    assert.match(status, /^HTTP\/1.1 200 OK/);
  } finally {
    for (const conn of held) conn.close();
    assert.equal(await proc.stop(), 0);
  }
});

Deno.test("slow clients - an open WebSocket outlives the idle timeout; the app is still guarded", async () => {
  const proc = await startStratos(await spinApp(WEBSOCKET), {}, FLAGS);
  const socket = new WebSocket(`${proc.url.replace("http", "ws")}/ws`);
  try {
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const closed = new Promise<string>((resolve) => (socket.onclose = () => resolve("closed")));
    const quiet = new Promise<string>((resolve) =>
      setTimeout(() => resolve("open"), (HEADER_TIMEOUT_S + IDLE_TIMEOUT_S) * 1000 + LATE_MS)
    );
    // Meanwhile a half request on another connection is still closed at the header timeout.
    const slow = await connect(portOf(proc));
    await slow.write(encoder.encode("GET /ws HTTP/1.1\r\nHost: x\r\n"));
    const opened = performance.now();
    assert.equal(await closedBy(slow), "");
    const ms = performance.now() - opened;
    slow.close();
    assert.ok(
      ms >= HEADER_TIMEOUT_S * 1000 - 100 && ms <= HEADER_TIMEOUT_S * 1000 + LATE_MS,
      `${ms} ms`,
    );
    assert.equal(await Promise.race([closed, quiet]), "open", "the idle WebSocket was closed");
    const reply = new Promise((resolve) => (socket.onmessage = (event) => resolve(event.data)));
    socket.send("after the quiet");
    assert.equal(await reply, "hello after the quiet");
  } finally {
    socket.close();
    assert.equal(await proc.stop(), 0);
  }
});
