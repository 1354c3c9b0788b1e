/**
 * End-to-end: `GET /metrics` in Prometheus's text format, checked with the real `promtool check
 * metrics`: a handler's request counter grows by exactly the requests sent, across two isolates;
 * Runnable invocations and durations per module; stream messages and failures by source, schedule
 * runs and the connection's state; 503s from backpressure. `GET /meta/metrics` keeps Atmo's shape.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { helloApp } from "../support/hello_app.ts";
import { promtoolCheck, sample } from "../support/prometheus_text.ts";
import { SLOW_PLUGIN, slowApp } from "../support/slow_app.ts";
import { startStratos } from "../support/stratos_process.ts";
import { NATS_URL, natsDirective, testClient, uniqueSubject } from "../streams/nats_support.ts";

const HELLO = new URL("../../examples/hello", import.meta.url).pathname;
const HELLO_FQFN = "com.stratos.hello#default::hello@v0.1.0";

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await res.text();
  const checked = await promtoolCheck(text);
  assert.equal(checked.code, 0, `promtool check metrics:\n${checked.output}\n${text}`);
  return text;
}

Deno.test("metrics - promtool accepts GET /metrics and the handler's counter grows with its requests, over two isolates", async () => {
  const stratos = await startStratos(HELLO, {}, ["--workers", "2"]);
  try {
    const hello = { method: "POST", handler: "/hello", status: "200" };
    const before = await scrape(stratos.url);
    const countBefore = sample(before, "stratos_http_requests_total", hello) ?? 0;
    const invocationsBefore =
      sample(before, "stratos_runnable_invocations_total", { module: HELLO_FQFN }) ?? 0;
    const sent = 40;
    // Fresh connections, so the kernel spreads them over both isolates.
    for (let i = 0; i < sent; i++) {
      const res = await fetch(`${stratos.url}/hello`, {
        method: "POST",
        body: "m",
        headers: { connection: "close" },
      });
      assert.equal(await res.text(), "hello m");
    }
    const served = stratos.lines.filter((l) => l.includes('"path":"/hello"'));
    assert.ok(served.some((l) => l.includes('"isolate":1')), "the replica served some");
    assert.ok(served.some((l) => !l.includes('"isolate"')), "the primary served some");
    const after = await scrape(stratos.url);
    assert.equal(sample(after, "stratos_http_requests_total", hello), countBefore + sent);
    assert.equal(
      sample(after, "stratos_runnable_invocations_total", { module: HELLO_FQFN }),
      invocationsBefore + sent,
    );
    // Timed from the first scrape on: every request after it is in the histograms.
    const timed = { method: "POST", handler: "/hello" };
    assert.equal(sample(after, "stratos_http_request_duration_seconds_count", timed), sent);
    assert.equal(
      sample(after, "stratos_http_request_duration_seconds_bucket", { ...timed, le: "+Inf" }),
      sent,
    );
    assert.equal(
      sample(after, "stratos_runnable_duration_seconds_count", { module: HELLO_FQFN }),
      sent,
    );
    assert.ok(sample(after, "stratos_runnable_instances", { module: HELLO_FQFN })! >= 2);
    assert.equal(sample(after, "stratos_runnable_queue_depth", { module: HELLO_FQFN }), 0);

    const meta = await (await fetch(`${stratos.url}/meta/metrics`)).json();
    assert.deepEqual(Object.keys(meta), ["scheduler", "modules"]);
    assert.deepEqual(Object.keys(meta.scheduler), ["totalThreadCount", "totalJobCount", "workers"]);
    assert.deepEqual(Object.keys(meta.scheduler.workers[HELLO_FQFN]), [
      "targetThreadCount",
      "threadCount",
      "jobCount",
      "jobRate",
    ]);
    assert.equal(meta.modules[HELLO_FQFN].duration, undefined, "durations are on /metrics only");
  } finally {
    await stratos.stop();
  }
});

Deno.test("metrics - stream messages by source, schedule runs and the connection's state", async () => {
  const subject = uniqueSubject("metrics");
  const directive = natsDirective(NATS_URL, [{ resource: subject, fn: "find-planet" }]) +
    "schedules:\n  - { name: tick, every: { seconds: 1 }, steps: [{ fn: hello }] }\n";
  const dir = await helloApp(directive, ["hello", "find-planet"]);
  const app = await startApp(dir);
  const nc = await testClient();
  try {
    // find-planet answers a message without a known planet with an error: a failed message.
    const replies = await Promise.all(
      Array.from({ length: 3 }, () => nc.request(subject, "", { timeout: 5000 })),
    );
    assert.ok(replies.every((r) => r.headers?.get("Stratos-Error") !== undefined));
    const deadline = Date.now() + 10_000;
    let text = await scrape(app.url);
    while ((sample(text, "stratos_schedule_runs_total", { schedule: "tick" }) ?? 0) < 2) {
      assert.ok(Date.now() < deadline, "the schedule ran twice within 10 s");
      await new Promise((r) => setTimeout(r, 250));
      text = await scrape(app.url);
    }
    const stream = { source: "nats", handler: subject };
    assert.equal(sample(text, "stratos_stream_messages_total", stream), 3);
    assert.equal(sample(text, "stratos_stream_messages_failed_total", stream), 3);
    assert.equal(sample(text, "stratos_schedule_runs_failed_total", { schedule: "tick" }), 0);
    assert.equal(sample(text, "stratos_connection_up", { connection: "nats", state: "up" }), 1);
  } finally {
    await nc.close();
    await app.stop();
  }
});

Deno.test("metrics - 503s from backpressure are counted per module and per handler", async () => {
  const app = await startApp(await slowApp(), {
    plugins: [SLOW_PLUGIN],
    maxInstances: 1,
    maxQueue: 0,
  });
  try {
    // 30 × 10 ms: the first runs, the second finds the queue full at once.
    const statuses = await Promise.all([0, 1].map(async (i) => {
      if (i === 1) await new Promise((r) => setTimeout(r, 50));
      const res = await fetch(`${app.url}/slow`, { method: "POST", body: new Uint8Array([30]) });
      await res.body?.cancel();
      return res.status;
    }));
    assert.deepEqual(statuses, [200, 503]);
    const text = await scrape(app.url);
    const slow = [...text.matchAll(/module="([^"]*slow[^"]*)"/g)][0][1];
    assert.equal(sample(text, "stratos_backpressure_refusals_total", { module: slow }), 1);
    assert.equal(
      sample(text, "stratos_http_requests_total", { handler: "/slow", status: "503" }),
      1,
    );
  } finally {
    await app.stop();
  }
});
