/**
 * End-to-end: `--workers 2` (as users run it), two isolates on one port. A Runnable looping in
 * one isolate does not hold up requests the other isolate receives; the in-memory cache is one
 * for the process, whichever isolate a request lands on; SIGTERM drains both and exits 0. A
 * replica isolate runs only the HTTP handlers: schedules and streams stay in the primary.
 */

import assert from "node:assert/strict";
import { createRuntime } from "../../mod.ts";
import { type Channel, PrimaryLink, ReplicaLink } from "../../kernel/isolates/mod.ts";
import { processCache } from "../../capabilities/cache/mod.ts";
import { stratos } from "../support/cli.ts";
import { spinApp } from "../support/spin_app.ts";
import { startStratos } from "../support/stratos_process.ts";

const MORE = `  - type: request
    resource: /set/:key
    method: POST
    steps:
      - fn: cache-set
  - type: request
    resource: /get/:key
    method: GET
    steps:
      - fn: cache-get
schedules:
  - name: tick
    every:
      seconds: 1
    steps:
      - fn: hello
`;

/** Sends one request over a connection of its own (so the kernel may pick either isolate). */
async function freshRequest(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<{ status: number; text: string } | undefined> {
  const client = Deno.createHttpClient({});
  try {
    const response = await fetch(url, {
      ...init,
      client,
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") return undefined;
    throw error;
  } finally {
    client.close();
  }
}

function workersApp(): Promise<string> {
  return spinApp(MORE, ["cache-set", "cache-get"]);
}

Deno.test("workers - two isolates share the port and the cache; a runaway holds only one", async () => {
  const proc = await startStratos(await workersApp(), {}, ["--workers", "2", "--timeout", "6"]);
  try {
    assert.match(proc.output(), /isolates: 2 \(HTTP handlers in each; streams, schedules in one\)/);

    for (let i = 0; i < 20; i++) {
      const set = await freshRequest(`${proc.url}/set/k${i}`, { method: "POST", body: `v${i}` });
      assert.equal(set?.status, 200);
    }
    for (let i = 0; i < 20; i++) {
      assert.deepEqual(await freshRequest(`${proc.url}/get/k${i}`), { status: 200, text: `v${i}` });
    }

    const spin = freshRequest(`${proc.url}/spin`, { method: "POST", body: "x" });
    await new Promise((r) => setTimeout(r, 300)); // the loop has started in one isolate
    const hellos = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) =>
          freshRequest(`${proc.url}/hello`, { method: "POST", body: `${i}`, timeoutMs: 1500 }),
      ),
    );
    const prompt = hellos.filter((h) => h !== undefined);
    assert.ok(prompt.length > 0, "no request was answered while one isolate looped");
    for (const hello of prompt) assert.match(hello!.text, /^hello \d+$/);
    // /health asks every isolate; the looping one is left out after a second, not waited for.
    const health = await Promise.all(
      Array.from({ length: 10 }, () => freshRequest(`${proc.url}/health`, { timeoutMs: 2000 })),
    );
    assert.ok(
      health.some((h) => h?.status === 200 && h.text === '{"healthy":true}'),
      "no /health answer while one isolate looped",
    );
    assert.equal((await spin)?.status, 504);
  } finally {
    assert.equal(await proc.stop(), 0);
  }
});

/** A replica's link to a primary that serves only its in-memory cache's buffer. */
async function replicaOfCacheOnly(): Promise<ReplicaLink> {
  const primary = new PrimaryLink();
  await processCache({ config: {}, link: primary }, () => undefined);
  const wire: { toPrimary?: Channel } = {};
  const replica = new ReplicaLink((m) => queueMicrotask(() => wire.toPrimary!.receive(m)));
  wire.toPrimary = primary.connect((m) => queueMicrotask(() => replica.channel.receive(m)));
  return replica;
}

Deno.test("workers - a replica's runtime serves only the HTTP handlers, no schedule", async () => {
  const runtime = await createRuntime({
    path: await workersApp(),
    port: 0,
    logLevel: "off",
    link: await replicaOfCacheOnly(),
  });
  try {
    assert.deepEqual(runtime.directive.schedules, []);
    assert.equal(runtime.directive.handlers?.length, 4);
    assert.ok(!runtime.plugins.includes("schedule"), runtime.plugins.join(", "));
    assert.ok(runtime.plugins.includes("http"));
  } finally {
    await runtime.stop();
  }
});

Deno.test("workers - a port another Stratos process serves is refused, as with one isolate", async () => {
  const dir = await workersApp();
  const first = await startStratos(dir, {}, ["--workers", "2"]);
  try {
    const port = new URL(first.url).port;
    const second = stratos(["start", dir, "--port", port, "--hostname", "127.0.0.1"]);
    const [status, stderr] = await Promise.all([
      second.status,
      new Response(second.stderr).text(),
      second.stdout.cancel(),
    ]);
    assert.equal(status.code, 1);
    assert.match(stderr, /address already in use/i);
    assert.deepEqual(await freshRequest(`${first.url}/hello`, { method: "POST", body: "x" }), {
      status: 200,
      text: "hello x",
    });
  } finally {
    await first.stop();
  }
});
