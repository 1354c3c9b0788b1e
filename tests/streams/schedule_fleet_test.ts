/**
 * End-to-end: three Stratos processes run one app with a 1-second schedule and a Redis
 * connection (the real Redis), then three others one with a PostgreSQL connection (an advisory
 * lock). The schedule runs about once per second in all, in the process
 * holding the lease, not once per process; `/health` and the banner say which process holds it.
 * When the holder is SIGKILLed another takes over within two periods and the rate stays; when the
 * next holder stops with SIGTERM it gives the lease up and the last process takes over at once.
 * Runs are counted from the `schedule ran` log lines of every process.
 */

import assert from "node:assert/strict";
import { POSTGRES_URL, REDIS_URL } from "../support/databases.ts";
import { helloApp } from "../support/hello_app.ts";
import { startStratos, type StratosProcess } from "../support/stratos_process.ts";

const RAN = /"msg":"schedule ran"/;
const HOLDS = /"msg":"this process holds the schedules"/;

/** The engines a fleet shares its schedules through: the app's connection to each. */
const ENGINES = [
  { name: "Redis", connection: `  redis:\n    serverAddress: ${JSON.stringify(REDIS_URL)}` },
  {
    name: "PostgreSQL",
    connection: "  database:\n    type: postgresql\n" +
      `    connectionString: ${JSON.stringify(POSTGRES_URL)}`,
  },
];

/** An app with `connection` and a schedule running `inspect` every second. */
async function fleetApp(connection: string): Promise<string> {
  const directive = `identifier: com.stratos.fleet-${crypto.randomUUID().slice(0, 8)}
appVersion: v0.1.0
atmoVersion: v0.4.7
connections:
${connection}
schedules:
  - name: tick
    every:
      seconds: 1
    steps:
      - fn: inspect
`;
  return await helloApp(directive, ["inspect"]);
}

/** When each `schedule ran` line of `proc` was written (ms since the epoch). */
function runTimes(proc: StratosProcess): number[] {
  return proc.lines.filter((l) => RAN.test(l)).map((l) => Date.parse(JSON.parse(l).time));
}

/** Runs of every process between `from` and `to` (ms since the epoch), by process. */
function runsBetween(procs: StratosProcess[], from: number, to: number): number[] {
  return procs.map((p) => runTimes(p).filter((t) => t >= from && t < to).length);
}

/** Which of `procs` `/health` says hold the schedules. */
async function holders(procs: StratosProcess[]): Promise<boolean[]> {
  return await Promise.all(procs.map(async (p) => {
    const { status, body } = await p.json("/health");
    assert.equal(status, 200);
    return (body.checks as Record<string, { holder?: boolean }>).schedules.holder === true;
  }));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of ENGINES) {
  Deno.test(`schedule fleet - three processes sharing ${engine.name} run a 1 s schedule about once per second in all`, async () => {
    const dir = await fleetApp(engine.connection);
    const procs: StratosProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        procs.push(await startStratos(dir, {}, ["--workers", "1", "--log-level", "debug"]));
      }
      const first = await Promise.any(procs.map((p) => p.waitForLine(HOLDS, 10_000).then(() => p)));
      await delay(1500); // every process has decided by now
      assert.deepEqual(await holders(procs), procs.map((p) => p === first), "one holder");
      assert.match(
        first.output(),
        new RegExp(`1 schedule: held by this process \\(fence \\d+\\), through ${engine.name} at`),
      );
      for (const p of procs.filter((p) => p !== first)) {
        assert.match(p.output(), /1 schedule: (held by another process|lease not decided yet)/);
      }

      let from = Date.now();
      await delay(6000);
      const steady = runsBetween(procs, from, Date.now());
      console.log(`  6 s with three processes: runs by process ${steady.join(", ")}`);
      const total = steady.reduce((a, b) => a + b);
      assert.ok(total >= 4 && total <= 8, `about 6 runs in all, found ${total}`);
      assert.deepEqual(steady.map((n) => n > 0), procs.map((p) => p === first), "only the holder");

      // The holder dies: another takes over within two periods.
      const killedAt = Date.now();
      await first.kill("SIGKILL");
      const rest = procs.filter((p) => p !== first);
      const second = await Promise.any(rest.map((p) => p.waitForLine(RAN, 10_000).then(() => p)));
      const takeover = runTimes(second)[0] - killedAt;
      console.log(`  after SIGKILL of the holder, the next run came ${takeover} ms later`);
      assert.ok(takeover <= 2000, `took over within two periods: ${takeover} ms`);
      from = Date.now();
      await delay(5000);
      const after = runsBetween(rest, from, Date.now());
      console.log(`  5 s with two processes: runs by process ${after.join(", ")}`);
      const afterTotal = after.reduce((a, b) => a + b);
      assert.ok(afterTotal >= 3 && afterTotal <= 7, `about 5 runs in all, found ${afterTotal}`);
      assert.deepEqual(await holders(rest), rest.map((p) => p === second));

      // The new holder stops: it gives the lease up, and the last process takes it at once.
      const stoppedAt = Date.now();
      assert.equal(await second.stop(), 0);
      const last = rest.find((p) => p !== second)!;
      await last.waitForLine(RAN, 10_000);
      const handedOver = runTimes(last)[0] - stoppedAt;
      console.log(`  after SIGTERM of the holder, the next run came ${handedOver} ms later`);
      assert.ok(handedOver <= 1000, `taken over at once: ${handedOver} ms`);
      assert.deepEqual(await holders([last]), [true]);
    } finally {
      await Promise.all(procs.map((p) => p.kill("SIGTERM")));
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("schedule fleet - a reload moves the lease to the new version and runs no period twice", async () => {
  const dir = await fleetApp(ENGINES[0].connection);
  const proc = await startStratos(dir, {}, ["--workers", "1", "--log-level", "debug"]);
  try {
    await proc.waitForLine(HOLDS, 10_000);
    await proc.waitForCount(RAN, 2);
    const directive = await Deno.readTextFile(`${dir}/Directive.yaml`);
    await Deno.writeTextFile(`${dir}/Directive.yaml`, directive.replace("v0.1.0", "v0.2.0"));
    Deno.kill(proc.pid, "SIGHUP");
    await proc.waitForLine(/"msg":"reloaded: this version serves now"/);
    const reloadedAt = Date.now();
    await delay(3500);
    const runs = runTimes(proc);
    const gaps = runs.slice(1).map((t, i) => t - runs[i]);
    console.log(`  gaps between runs across the reload: ${gaps.join(", ")} ms`);
    assert.ok(runs.filter((t) => t > reloadedAt).length >= 2, "the new version runs it");
    assert.ok(gaps.every((gap) => gap >= 800 && gap <= 2500), `one run a period: ${gaps}`);
    assert.deepEqual(await holders([proc]), [true]);
    assert.equal(proc.lines.filter((l) => l.includes("another process holds")).length, 0);
  } finally {
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
