/**
 * End-to-end: schedules fire at their period with method SCHED and their initial state, and
 * `runSchedules: false` (--no-schedules) keeps them from running.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { helloApp } from "../support/hello_app.ts";

const DIRECTIVE = `identifier: com.stratos.sched
appVersion: v0.1.0
atmoVersion: v0.4.7
schedules:
  - name: heartbeat
    every:
      seconds: 1
    state:
      note: from schedule
    steps:
      - fn: inspect
`;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("schedule - runs right after start, then every period, as SCHED with its state", async () => {
  const app = await startApp(await helloApp(DIRECTIVE, ["inspect"]));
  let runs: Record<string, unknown>[];
  try {
    await delay(2_500);
    runs = app.logs.filter((l) => l.msg === "schedule ran");
  } finally {
    await app.stop();
  }
  assert.ok(
    runs.length >= 2 && runs.length <= 4,
    `expected about 3 runs in 2.5 s, got ${runs.length}`,
  );
  const result = JSON.parse(String(runs[0].result));
  assert.equal(result.method, "SCHED");
  assert.equal(result.url, "heartbeat");
  assert.equal(result.note, "from schedule");
});

Deno.test("schedule - runSchedules false keeps every schedule from running", async () => {
  const app = await startApp(await helloApp(DIRECTIVE, ["inspect"]), { runSchedules: false });
  try {
    await delay(1_200);
    assert.equal(app.logs.filter((l) => l.msg === "schedule ran").length, 0);
    assert.ok(app.runtime.announcements.some((a) => a.includes("schedules disabled")));
  } finally {
    await app.stop();
  }
});
