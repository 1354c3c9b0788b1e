import assert from "node:assert/strict";
import { createLogger } from "../../plugin.ts";
import { Availability, type AvailabilityOptions } from "./availability.ts";

/** An Availability whose attempts fail while `outcomes` says so, with its log lines. */
function tracked(outcomes: (string | null)[], extra: Partial<AvailabilityOptions> = {}) {
  const lines: Record<string, unknown>[] = [];
  let attempts = 0;
  const availability = new Availability({
    display: "postgresql://***@db:5432/app",
    connect: () => {
      const outcome = outcomes[Math.min(attempts++, outcomes.length - 1)];
      return outcome === null ? Promise.resolve() : Promise.reject(new Error(outcome));
    },
    log: createLogger({ level: "debug", sink: (line) => lines.push(JSON.parse(line)) }),
    retryWaitMs: 1,
    retryMaxWaitMs: 2,
    random: () => 0,
    now: () => new Date(Date.UTC(2025, 0, 1)),
    ...extra,
  });
  return { availability, lines, attempts: () => attempts };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

Deno.test("Availability - up after a successful first attempt", async () => {
  const { availability, lines } = tracked([null], { detail: () => "1 query failed to prepare: q" });
  await availability.start();
  assert.equal(availability.state, "up");
  assert.equal(await availability.unavailable(), undefined);
  assert.deepEqual(availability.report(), {
    healthy: true,
    state: "up",
    since: "2025-01-01T00:00:00.000Z",
    address: "postgresql://***@db:5432/app",
    detail: "1 query failed to prepare: q",
  });
  assert.equal(lines[0].msg, "connected to the database");
  availability.close();
});

Deno.test("Availability - down at start: fails fast, retries in the background, recovers", async () => {
  const { availability, lines, attempts } = tracked(["refused", "refused", null]);
  await availability.start();
  assert.equal(availability.state, "down");
  const error = await availability.unavailable();
  assert.equal(error?.message, "database unavailable (postgresql://***@db:5432/app): refused");
  assert.deepEqual(availability.report(), {
    healthy: false,
    state: "down",
    since: "2025-01-01T00:00:00.000Z",
    address: "postgresql://***@db:5432/app",
    lastError: "refused",
  });
  await until(() => availability.state === "up", "recovery");
  assert.equal(attempts(), 3);
  assert.deepEqual(
    lines.map((l) => [l.level, l.msg]),
    [
      ["error", "cannot reach the database, retrying in the background"],
      ["debug", "database still unreachable"],
      ["info", "database is reachable again"],
    ],
  );
  availability.close();
});

Deno.test("Availability - a lost connection makes it unavailable until it answers again", async () => {
  const { availability, attempts } = tracked([null, "still down", null]);
  await availability.start();
  const cut = availability.lost(Object.assign(new Error(""), { code: "CONNECTION_CLOSED" }));
  assert.equal(
    cut.message,
    "database unavailable (postgresql://***@db:5432/app): CONNECTION_CLOSED",
  );
  assert.equal(availability.state, "down");
  assert.match((await availability.unavailable())!.message, /: CONNECTION_CLOSED$/);
  await until(() => availability.state === "up", "reconnection");
  assert.equal(attempts(), 3);
  availability.lost(new Error("again"));
  availability.close();
  assert.equal(availability.state, "closed");
  assert.match((await availability.unavailable())!.message, /the runtime is stopping/);
});

Deno.test("Availability - a call during the first attempt waits for it", async () => {
  const { promise, resolve } = Promise.withResolvers<void>();
  const availability = new Availability({
    display: "mysql://h:3306/x",
    connect: () => promise,
    log: createLogger({ level: "off" }),
    retryWaitMs: 1,
    retryMaxWaitMs: 1,
  });
  const starting = availability.start();
  const waiting = availability.unavailable();
  assert.equal(availability.state, "connecting");
  assert.equal(availability.report().healthy, false);
  resolve();
  assert.equal(await waiting, undefined);
  await starting;
  availability.close();
});

Deno.test("Availability - close stops the background attempts", async () => {
  const { availability, attempts } = tracked(["refused"], { retryWaitMs: 20, retryMaxWaitMs: 20 });
  await availability.start();
  availability.close();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(attempts(), 1);
});
