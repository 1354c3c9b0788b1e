/**
 * A Runnable that loops forever, run as users run Stratos (`deno task start <app> --timeout 2`):
 * the request gets 504 in under 3 s, other requests keep being served, and afterwards nothing
 * keeps spinning (the process's CPU time stays flat). Loops in `_start` are bounded too.
 */

import assert from "node:assert/strict";
import { createRuntime, StratosError } from "../../mod.ts";
import { SPIN_WAT, spinApp } from "../support/spin_app.ts";
import { startStratos } from "../support/stratos_process.ts";
import { cpuSeconds } from "../../bench/process.ts";

Deno.test("runaway - --timeout 2 answers 504 in under 3 s, keeps serving, and stops spinning", async () => {
  const dir = await spinApp();
  const proc = await startStratos(dir, {}, ["--timeout", "2"]);
  try {
    const started = performance.now();
    const spin = await fetch(proc.url + "/spin", { method: "POST", body: "x" });
    const elapsed = performance.now() - started;
    assert.equal(spin.status, 504);
    assert.equal(JSON.parse(await spin.text()).status, 504);
    assert.ok(elapsed < 3000, `answered after ${elapsed.toFixed(0)} ms`);
    const hello = await fetch(proc.url + "/hello", { method: "POST", body: "after" });
    assert.equal(await hello.text(), "hello after");
    const before = cpuSeconds(proc.pid);
    await new Promise((r) => setTimeout(r, 1000));
    const spent = (cpuSeconds(proc.pid)) - before;
    assert.ok(spent < 0.3, `the idle process used ${spent} s of CPU in 1 s: something still spins`);
  } finally {
    await proc.stop();
  }
});

Deno.test("runaway - a module whose _start or start section never returns fails to load, naming it", async () => {
  for (
    const init of [
      `(func (export "_start") (loop $l (br $l)))`,
      `(func $s (loop $l (br $l))) (start $s)`,
    ]
  ) {
    const dir = await spinApp("", [], SPIN_WAT.replace(/\)$/, ` ${init})`));
    const started = performance.now();
    await assert.rejects(
      () => createRuntime({ path: dir, port: 0, timeoutMs: 300, logLevel: "off" }),
      (error: unknown) => {
        assert.ok(error instanceof StratosError);
        assert.match(error.message, /module 'spin'.*ran past its time limit/);
        return true;
      },
    );
    assert.ok(performance.now() - started < 3000);
  }
});
