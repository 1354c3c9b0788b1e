/**
 * End-to-end: NATS stream handlers against a real nats-server: request-reply,
 * respondTo, errors, Grav envelopes, headers, load sharing in a queue group across processes,
 * draining on stop, reconnecting after a broker restart, and a clear error when the broker is
 * down at start.
 *
 * The shared server is at STRATOS_TEST_NATS_URL (default nats://127.0.0.1:4222); tests that kill
 * a broker start their own.
 */

import assert from "node:assert/strict";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { freePort } from "../../bench/process.ts";
import type { ConnectionReport } from "../../plugin.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { finished, ROOT, stratos } from "../support/cli.ts";
import { startNatsServer } from "../support/nats_server.ts";
import { tcpProxy } from "../support/tcp_proxy.ts";
import {
  collect,
  eventually,
  NATS_URL,
  natsApp,
  type NatsHandlerSpec,
  startStratos,
  testClient,
  uniqueSubject,
} from "./nats_support.ts";

/** Runs `body` with an in-process app serving `handlers` and a client, then stops both. */
async function withApp(
  handlers: NatsHandlerSpec[],
  body: (app: TestApp, nc: NatsConnection) => Promise<void>,
): Promise<void> {
  const app = await startApp(await natsApp(NATS_URL, handlers), { healthDetails: true });
  const nc = await testClient();
  try {
    await body(app, nc);
  } finally {
    await nc.close();
    await app.stop();
  }
}

Deno.test("nats - request-reply: a request gets the Runnable's result", async () => {
  const subject = uniqueSubject("hello");
  await withApp([{ resource: subject, fn: "hello" }], async (_, nc) => {
    const reply = await nc.request(subject, "nats", { timeout: 5000 });
    assert.equal(reply.string(), "hello nats");
    assert.equal(reply.headers, undefined, "a success carries no headers");
    const answers = await Promise.all(
      ["a", "b", "c"].map((p) => nc.request(subject, p, { timeout: 5000 })),
    );
    assert.deepEqual(answers.map((m) => m.string()), ["hello a", "hello b", "hello c"]);
  });
});

Deno.test("nats - respondTo: the result of a published message goes to respondTo", async () => {
  const subject = uniqueSubject("publish");
  const results = uniqueSubject("results");
  await withApp([{ resource: subject, fn: "hello", respondTo: results }], async (_, nc) => {
    const received = collect(nc, results, 2);
    nc.publish(subject, "one");
    // A request to a handler with respondTo is answered too, and still published to respondTo.
    const reply = await nc.request(subject, "two", { timeout: 5000 });
    assert.equal(reply.string(), "hello two");
    const messages = await received;
    assert.deepEqual(messages.map((m) => m.string()).sort(), ["hello one", "hello two"]);
  });
});

Deno.test("nats - a failing Runnable answers the error JSON with a Stratos-Error header", async () => {
  const subject = uniqueSubject("planet");
  const results = uniqueSubject("planet-results");
  await withApp([{ resource: subject, fn: "find-planet", respondTo: results }], async (app, nc) => {
    const published = collect(nc, results, 1);
    const reply = await nc.request(subject, "", { timeout: 5000 });
    assert.deepEqual(reply.json(), { status: 404, message: "no planet named " });
    assert.equal(reply.headers?.get("Stratos-Error"), "404");
    assert.equal(reply.headers?.get("Content-Type"), "application/json");
    const [onRespondTo] = await published;
    assert.equal(onRespondTo.headers?.get("Stratos-Error"), "404");
    assert.deepEqual(onRespondTo.json(), { status: 404, message: "no planet named " });
    assert.ok(
      app.logs.some((l) => l.msg === "stream message failed" && l.resource === subject),
      "the failure is logged",
    );
  });
});

Deno.test("nats - an inbound Grav envelope is unwrapped, raw JSON is not", async () => {
  const subject = uniqueSubject("grav");
  await withApp([{ resource: subject, fn: "hello" }], async (_, nc) => {
    const envelope = JSON.stringify({
      meta: {
        uuid: crypto.randomUUID(),
        parent_id: "",
        response_to: "",
        msg_type: subject,
        timestamp: new Date().toISOString(),
      },
      payload: { data: btoa("from atmo") },
    });
    const reply = await nc.request(subject, envelope, { timeout: 5000 });
    assert.equal(reply.string(), "hello from atmo");
    const raw = await nc.request(subject, '{"order":42}', { timeout: 5000 });
    assert.equal(raw.string(), 'hello {"order":42}');
  });
});

Deno.test("nats - message headers are request headers; method STREAM, URL the subject", async () => {
  const subject = uniqueSubject("inspect");
  await withApp([{ resource: subject, fn: "inspect" }], async (_, nc) => {
    const h = headers();
    h.set("X-Greeting", "hi from nats");
    const reply = await nc.request(subject, '{"message":"payload field"}', {
      timeout: 5000,
      headers: h,
    });
    const seen = reply.json<Record<string, string>>();
    assert.equal(seen.greeting, "hi from nats");
    assert.equal(seen.method, "STREAM");
    assert.equal(seen.url, subject);
    assert.equal(seen.message, "payload field");
  });
});

Deno.test("nats - /health reports the connection with its address", async () => {
  const subject = uniqueSubject("health");
  await withApp([{ resource: subject, fn: "hello" }], async (app) => {
    const { status, text } = await app.request("/health");
    assert.equal(status, 200);
    const { since, ...check } = JSON.parse(text).checks.nats;
    assert.deepEqual(check, { healthy: true, state: "up", address: NATS_URL });
    assert.ok(Date.parse(since) <= Date.now(), `up since ${since}`);
    assert.ok(app.runtime.plugins.includes("nats"));
    assert.ok(
      app.runtime.announcements.some((a) => a.includes("queue group com.stratos.natstest")),
    );
  });
});

Deno.test("nats - stop drains: every message delivered before stop is answered", async () => {
  const subject = uniqueSubject("drain");
  const results = uniqueSubject("drain-results");
  const app = await startApp(
    await natsApp(NATS_URL, [{ resource: subject, fn: "hello", respondTo: results }]),
  );
  const nc = await testClient();
  try {
    const received = collect(nc, results, 300);
    for (let i = 0; i < 300; i++) nc.publish(subject, `m${i}`);
    await nc.flush(); // the server has them, and routed them to Stratos before its UNSUB
    await app.stop();
    const messages = await received;
    assert.equal(new Set(messages.map((m) => m.string())).size, 300);
    assert.ok(
      app.logs.some((l) => l.msg === "connected to NATS"),
      "the plugin logged its connection",
    );
  } finally {
    await nc.close();
    await app.stop();
  }
});

/**
 * Starts two Stratos processes (with `env`) on one subject with respondTo, publishes `count`
 * messages, and returns every result that arrived (waiting `expected` results, then 500 ms more
 * for extras) and the invocations each process counted.
 */
async function twoProcesses(
  env: Record<string, string>,
  count: number,
  expected: number,
): Promise<{ results: string[]; handled: number[] }> {
  const subject = uniqueSubject("shared");
  const resultSubject = uniqueSubject("shared-results");
  const dir = await natsApp(NATS_URL, [
    { resource: subject, fn: "hello", respondTo: resultSubject },
  ]);
  const processes = await Promise.all([startStratos(dir, env), startStratos(dir, env)]);
  const nc = await testClient();
  try {
    const received = collect(nc, resultSubject, expected, 30_000);
    for (let i = 0; i < count; i++) nc.publish(subject, `m${i}`);
    const results = (await received).map((m) => m.string());
    // Anything handled more often would arrive after the expected results: let it show up.
    const extras = await collect(nc, resultSubject, 1, 500).then(() => 1, () => 0);
    if (extras) results.push("(more)");
    const handled = await Promise.all(processes.map(async (p) => {
      const { body } = await p.json("/meta/metrics");
      const modules = body.modules as Record<string, { invocations: number }>;
      return Object.values(modules).reduce((sum, m) => sum + m.invocations, 0);
    }));
    return { results, handled };
  } finally {
    await nc.close();
    const codes = await Promise.all(processes.map((p) => p.stop()));
    assert.deepEqual(codes, [0, 0], "both processes stop cleanly");
  }
}

Deno.test("nats - two processes share a subject in a queue group: each message handled once", async () => {
  const count = 1000;
  const { results, handled } = await twoProcesses({}, count, count);
  assert.equal(results.length, count, "no message was handled twice");
  const payloads = new Set(results);
  assert.equal(payloads.size, count);
  for (let i = 0; i < count; i++) assert.ok(payloads.has(`hello m${i}`), `hello m${i}`);
  assert.equal(handled[0] + handled[1], count, `handled per process: ${handled}`);
  assert.ok(handled[0] > 0 && handled[1] > 0, `both processes handled some: ${handled}`);
});

Deno.test("nats - with STRATOS_NATS_QUEUE_GROUP empty, every process gets every message", async () => {
  const count = 100;
  const { results, handled } = await twoProcesses(
    { STRATOS_NATS_QUEUE_GROUP: "" },
    count,
    2 * count,
  );
  assert.equal(results.length, 2 * count, "each message handled by both, and only by both");
  assert.deepEqual(handled, [count, count]);
  assert.equal(new Set(results).size, count);
});

Deno.test("nats - reconnects after the broker restarts; /health goes unhealthy and back", async () => {
  const server = await startNatsServer();
  const subject = uniqueSubject("restart");
  const dir = await natsApp(server.url, [{ resource: subject, fn: "hello" }]);
  const stratosProcess = await startStratos(dir, {
    STRATOS_HEALTH_DETAILS: "true",
    STRATOS_NATS_RECONNECT_WAIT_MS: "50",
    STRATOS_NATS_RECONNECT_MAX_WAIT_MS: "200",
  });
  const nc = await testClient(server.url);
  const health = () => stratosProcess.json("/health");
  try {
    for (let i = 0; i < 20; i++) {
      const reply = await nc.request(subject, `before${i}`, { timeout: 5000 });
      assert.equal(reply.string(), `hello before${i}`);
    }
    assert.equal((await health()).status, 200);

    await server.kill();
    const down = await eventually(
      async () => {
        const h = await health();
        return h.status === 503 ? h.body : undefined;
      },
      10_000,
      "/health to report the broker down",
    );
    const nats = (down.checks as Record<string, ConnectionReport>).nats;
    assert.equal(nats.healthy, false);
    assert.deepEqual([nats.state, nats.address], ["down", server.url]);
    assert.ok(!Number.isNaN(Date.parse(nats.since)), `down since ${nats.since}`);

    await server.restart();
    await eventually(
      async () => (await health()).status === 200 || undefined,
      15_000,
      "/health to report the broker back",
    );
    // Our own client reconnects too; then every request is answered.
    await eventually(
      () => nc.request(subject, "probe", { timeout: 500 }).then((m) => m.string()),
      15_000,
      "a first answer after the restart",
    );
    for (let i = 0; i < 20; i++) {
      const reply = await nc.request(subject, `after${i}`, { timeout: 5000 });
      assert.equal(reply.string(), `hello after${i}`);
    }
    assert.match(stratosProcess.output(), /"msg":"disconnected from NATS, reconnecting"/);
    assert.match(stratosProcess.output(), /"msg":"reconnected to NATS"/);

    // Stopping while the broker is down does not wait for a drain that cannot happen.
    await server.kill();
    await eventually(
      async () => (await health()).status === 503 || undefined,
      10_000,
      "/health to report the broker down again",
    );
    const stopping = Date.now();
    assert.equal(await stratosProcess.stop(), 0);
    assert.ok(Date.now() - stopping < 5000, `stopped in ${Date.now() - stopping} ms`);
  } finally {
    await nc.close();
    assert.equal(await stratosProcess.stop(), 0);
    await server.stop();
  }
});

Deno.test("nats - addresses as people write them: IP:port without a scheme, [IPv6]:port", async () => {
  const { hostname, port } = new URL(NATS_URL);
  // nats-server listens on IPv4: an IPv6 loopback port in front of it.
  const proxy = tcpProxy({ hostname, port: Number(port) }, undefined, "::1");
  proxy.open();
  const nc = await testClient();
  try {
    for (const address of [`${hostname}:${port}`, `'[::1]:${proxy.port}'`]) {
      const subject = uniqueSubject("address");
      const app = await startApp(await natsApp(address, [{ resource: subject, fn: "hello" }]));
      try {
        const reply = await nc.request(subject, "address", { timeout: 5000 });
        assert.equal(reply.string(), "hello address", address);
      } finally {
        await app.stop();
      }
    }
  } finally {
    await nc.close();
    await proxy.close();
  }
});

Deno.test("nats - a broker that is down at start: a clear error naming the address", async () => {
  const port = freePort(); // nothing listens there
  const address = `nats://127.0.0.1:${port}`;
  const dir = await natsApp(address, [{ resource: uniqueSubject("down"), fn: "hello" }]);
  const started = Date.now();
  const { code, stdout, stderr } = await finished(
    stratos(["start", dir, "--port", String(freePort()), "--hostname", "127.0.0.1"], {
      STRATOS_NATS_CONNECT_ATTEMPTS: "3",
      STRATOS_NATS_CONNECT_RETRY_MS: "100",
    }),
  );
  assert.equal(code, 1);
  assert.match(
    stderr,
    new RegExp(
      `^error\\[STRATOS_ERR_NATS_CONNECT\\]: cannot connect to NATS at ${address} after 3 attempts: \\S`,
      "m",
    ),
  );
  assert.equal(stdout.match(/cannot connect to NATS, retrying/g)?.length, 2, stdout);
  assert.ok(Date.now() - started < 20_000, "bounded retries end quickly");
});

Deno.test("nats - examples/streams/nats runs, with the modules of examples/hello", async () => {
  const example = `${ROOT}examples/streams/nats`;
  const dir = await Deno.makeTempDir({ prefix: "stratos-nats-example-" });
  const directive = await Deno.readTextFile(`${example}/Directive.yaml`);
  assert.match(directive, /serverAddress: nats:\/\/127\.0\.0\.1:4222/);
  await Deno.writeTextFile(
    `${dir}/Directive.yaml`,
    directive.replace("nats://127.0.0.1:4222", NATS_URL),
  );
  for (const name of ["hello", "inspect", "find-planet"]) {
    const copy = await Deno.readFile(`${example}/${name}.wasm`);
    assert.deepEqual(copy, await Deno.readFile(`${ROOT}examples/hello/${name}/${name}.wasm`), name);
    await Deno.writeFile(`${dir}/${name}.wasm`, copy);
  }
  const app = await startApp(dir);
  const nc = await testClient();
  try {
    assert.equal(
      (await nc.request("hello.nats", "world", { timeout: 5000 })).string(),
      "hello world",
    );
    const out = collect(nc, "greetings.out", 1);
    nc.publish("greetings.in", "example");
    assert.equal((await out)[0].string(), "hello example");
    const failed = await nc.request("planets.lookup", "mars", { timeout: 5000 });
    assert.equal(failed.headers?.get("Stratos-Error"), "404");
  } finally {
    await nc.close();
    await app.stop();
  }
});
