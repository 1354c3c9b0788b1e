/**
 * Hostile guests against the real CLI (`main.ts start`, two isolates as by default on two
 * cores): computations without a loop are stopped at their time limit, several of them at once
 * do not stop the server from answering, SIGTERM ends the process whatever they do, and floods of
 * log lines, table growth and memory growth stay within their budgets.
 */

import assert from "node:assert/strict";
import { cpuSeconds, residentMB } from "../../bench/process.ts";
import { hostileApp } from "../support/hostile_guests.ts";
import { startStratos } from "../support/stratos_process.ts";

const RUNAWAYS = ["recurse", "tailcall", "indirect", "catcher", "fill"] as const;

/** POSTs to `url` and returns the status and how long the answer took, in ms. */
async function timed(url: string, init?: RequestInit): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.body?.cancel();
  return { status: response.status, ms: performance.now() - started };
}

const post = (body = "x"): RequestInit => ({ method: "POST", body });

Deno.test("guests - every runaway without a loop gets 504 within the time limit + 1 s", async () => {
  const dir = await hostileApp([...RUNAWAYS]);
  const proc = await startStratos(dir, {}, ["--timeout", "2", "--workers", "2"]);
  try {
    for (const name of RUNAWAYS) {
      const { status, ms } = await timed(`${proc.url}/${name}`, post());
      assert.equal(status, 504, name);
      assert.ok(ms < 3000, `${name} answered after ${ms.toFixed(0)} ms`);
    }
  } finally {
    await proc.stop();
  }
});

Deno.test("guests - while six runaways run, /hello and /health answer, and nothing spins after", async () => {
  const dir = await hostileApp(["recurse", "tailcall", "catcher"]);
  const proc = await startStratos(dir, {}, ["--timeout", "3", "--workers", "2"]);
  try {
    const started = performance.now();
    const runaways = ["recurse", "tailcall", "catcher", "recurse", "tailcall", "catcher"].map(
      (name) => timed(`${proc.url}/${name}`, post()).then((r) => ({ ...r, name })),
    );
    await new Promise((r) => setTimeout(r, 300));
    const others: { status: number; ms: number }[] = [];
    while (performance.now() - started < 2500) {
      const [hello, health] = await Promise.all([
        timed(`${proc.url}/hello`, post("you")),
        timed(`${proc.url}/health`),
      ]);
      others.push(hello, health);
    }
    for (const r of await Promise.all(runaways)) {
      assert.equal(r.status, 504, r.name);
      assert.ok(r.ms < 4000, `${r.name} answered after ${r.ms.toFixed(0)} ms`);
    }
    assert.ok(others.length >= 4, `${others.length} answers`);
    for (const r of others) {
      assert.equal(r.status, 200);
      assert.ok(r.ms < 4500, `answered after ${r.ms.toFixed(0)} ms while runaways ran`);
    }
    const before = cpuSeconds(proc.pid);
    await new Promise((r) => setTimeout(r, 1000));
    const spent = (cpuSeconds(proc.pid)) - before;
    assert.ok(spent < 0.3, `the idle process used ${spent} s of CPU in 1 s: something spins`);
  } finally {
    await proc.stop();
  }
});

Deno.test("guests - SIGTERM ends the process within the shutdown timeout + 1 s, status 1", async () => {
  const dir = await hostileApp(["recurse", "tailcall"]);
  const proc = await startStratos(dir, {}, [
    "--timeout",
    "60",
    "--shutdown-timeout",
    "1",
    "--workers",
    "2",
  ]);
  const runaways = ["recurse", "tailcall", "recurse", "tailcall"].map((name) =>
    fetch(`${proc.url}/${name}`, post()).then((r) => r.body?.cancel(), () => {})
  );
  await new Promise((r) => setTimeout(r, 500));
  const started = performance.now();
  const { code, stderr } = await proc.kill("SIGTERM");
  const took = performance.now() - started;
  await Promise.all(runaways);
  assert.ok(took < 2000, `exited ${took.toFixed(0)} ms after SIGTERM`);
  assert.equal(code, 1, "work was abandoned");
  assert.match(stderr, /shutdown did not finish within 1 s/);
});

Deno.test("guests - a million log lines write fewer than 20,000, with one summary line", async () => {
  const dir = await hostileApp(["flood"]);
  const proc = await startStratos(dir, {}, ["--workers", "1"]);
  try {
    const response = await fetch(`${proc.url}/flood`, post());
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "x");
    const summary = JSON.parse(await proc.waitForLine(/log budget of the invocation spent/));
    assert.equal(summary.dropped_lines, 1_000_000 - 1_000);
    const guestLines = proc.lines.filter((l) => l.includes('"msg":"x"'));
    assert.equal(guestLines.length, 1_000);
    assert.ok(proc.lines.length < 20_000, `${proc.lines.length} lines`);
  } finally {
    await proc.stop();
  }
});

Deno.test("guests - tables and memories grown in a loop stay bounded; memory returns", async () => {
  const dir = await hostileApp(["tables", "memory"]);
  const proc = await startStratos(dir, {}, ["--workers", "1"]);
  try {
    const before = residentMB(proc.pid);
    for (let i = 0; i < 4; i++) {
      assert.equal((await timed(`${proc.url}/tables`, post())).status, 200);
    }
    const tables = residentMB(proc.pid);
    assert.ok(tables - before < 150, `table growth added ${(tables - before).toFixed(0)} MB`);
    // Each call grows its instance's memory to the 64 MiB cap, touching every page.
    let peak = tables;
    for (let i = 0; i < 4; i++) {
      assert.equal((await timed(`${proc.url}/memory`, post())).status, 200);
      peak = Math.max(peak, residentMB(proc.pid));
    }
    // Dropped instances are collected within about a second; other clients are served meanwhile.
    let after = peak;
    for (let i = 0; i < 20 && after - tables > 30; i++) {
      assert.equal((await timed(`${proc.url}/hello`, post())).status, 200);
      await new Promise((r) => setTimeout(r, 250));
      after = residentMB(proc.pid);
    }
    assert.ok(
      after - tables < 30,
      `resident memory: ${tables.toFixed(0)} MB before the memory guests, ${
        peak.toFixed(0)
      } MB at their peak, ${after.toFixed(0)} MB 5 s later`,
    );
  } finally {
    await proc.stop();
  }
});
