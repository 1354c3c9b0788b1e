import assert from "node:assert/strict";
import { describeRounds, measureAlternating, ratio, type RoundsOptions } from "./rounds.ts";
import { ensureWrk } from "./wrk.ts";

Deno.test("rounds - every server is measured, with its memory sampled under load", async () => {
  await ensureWrk();
  const hits = [0, 0];
  const servers = hits.map((_, i) =>
    Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
      hits[i]++;
      return new Response(`${i}:${await request.text()}`);
    })
  );
  try {
    const contenders = servers.map((server, i) => ({
      name: `server ${i}`,
      url: `http://127.0.0.1:${server.addr.port}/`,
      pid: Deno.pid,
    }));
    const options: RoundsOptions = {
      seconds: 1,
      rounds: 2,
      connections: 4,
      method: "POST",
      body: "x",
      sampleMs: 100,
    };
    const started = performance.now();
    const measured = await measureAlternating(contenders, options);
    // One warm-up and two rounds of one second each, per server.
    assert.ok(performance.now() - started < 20_000, "done within 20 s");
    assert.equal(measured.length, 2);
    for (const [i, m] of measured.entries()) {
      assert.ok(m.rps > 0 && m.requests > 0, `server ${i} was loaded`);
      assert.equal(m.errors, 0);
      assert.ok(m.rss > 10, `server ${i}: resident memory sampled (${m.rss} MB)`);
      assert.ok(hits[i] >= m.requests, `server ${i} saw the requests wrk counted`);
    }
    assert.equal(
      describeRounds(options),
      "wrk, 4 connections, 2 alternating rounds of 1 s each (median; memory: peak VmRSS " +
        "during each run, median)",
    );
    assert.equal(ratio(3, 2), "1.50");
  } finally {
    for (const server of servers) await server.shutdown();
  }
});
