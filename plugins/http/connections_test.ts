import assert from "node:assert/strict";
import { BodyTimeoutError, type Connection, Connections } from "./connections.ts";

const LIMITS = { maxConnections: 2, headerTimeoutMs: 1000, idleTimeoutMs: 500 };

/** A table whose sweeps are run by hand at chosen times (ms after `t0`). */
function table(): {
  connections: Connections;
  at: (ms: number) => void;
  t0: number;
  admit: () => Connection;
} {
  const connections = new Connections(LIMITS);
  // A whole number, so that t0 + ms - t0 is exactly ms (fractions would make the bounds flaky).
  const t0 = Math.round(performance.now());
  return {
    connections,
    t0,
    at: (ms) => connections.sweep(t0 + ms),
    admit: () => connections.admit(t0)!,
  };
}

/** Asserts that `conn` is still open at a sweep at `ms - 1` and closed by one at `ms`. */
function assertClosedAt(conn: Connection, at: (ms: number) => void, ms: number): void {
  at(ms - 1);
  assert.equal(conn.abort.signal.aborted, false, `closed before ${ms} ms`);
  at(ms);
  assert.equal(conn.abort.signal.aborted, true, `open at ${ms} ms`);
}

Deno.test("connections - past maxConnections none is admitted until one closes", () => {
  const { connections } = table();
  const a = connections.admit()!;
  assert.ok(connections.admit());
  assert.equal(connections.admit(), undefined);
  connections.open.delete(a);
  assert.ok(connections.admit());
});

Deno.test("connections - a connection without a complete request is closed after the header timeout", () => {
  const { admit, at } = table();
  const conn = admit();
  assertClosedAt(conn, at, LIMITS.headerTimeoutMs);
});

Deno.test("connections - after a request, the idle timeout counts from the last sweep that saw it busy", () => {
  const { admit, at } = table();
  const conn = admit();
  conn.begin();
  at(100);
  at(5000); // a long request: in flight, never idle
  assert.equal(conn.abort.signal.aborted, false);
  conn.answered(new Response()); // answered after the sweep at 5000, which saw it busy
  assertClosedAt(conn, at, 5000 + LIMITS.idleTimeoutMs);
});

Deno.test("connections - a request between two sweeps counts as activity", () => {
  const { admit, at } = table();
  const conn = admit();
  at(900);
  conn.begin();
  conn.answered(new Response());
  at(1200); // past the header timeout, but a request came: idle from here
  assert.equal(conn.abort.signal.aborted, false);
  assertClosedAt(conn, at, 1200 + LIMITS.idleTimeoutMs);
});

Deno.test("connections - a held connection (an open WebSocket) is never idle-closed", () => {
  const { admit, at } = table();
  const conn = admit();
  conn.begin();
  const release = conn.hold();
  conn.answered(new Response(null, { status: 200 }));
  at(60_000);
  assert.equal(conn.abort.signal.aborted, false);
  release();
  release(); // twice is once
  assert.equal(conn.inFlight, 0);
  assertClosedAt(conn, at, 60_000 + LIMITS.idleTimeoutMs); // busy at the sweep at 60 s
});

Deno.test("connections - a late body read fails with BodyTimeoutError; its connection closes a sweep after", async () => {
  const { admit, at, t0 } = table();
  const conn = admit();
  conn.begin();
  const never = new Promise<Uint8Array>(() => {});
  const read = conn.within(never, t0 + 300, 300);
  at(200);
  at(300);
  await assert.rejects(read, (error) => {
    assert.ok(error instanceof BodyTimeoutError);
    assert.equal(error.message, "the request body did not arrive within the time limit of 0.3 s");
    return true;
  });
  conn.answered(new Response(null, { status: 408 }));
  assert.equal(conn.abort.signal.aborted, false, "the 408 goes out first");
  at(310);
  assert.equal(conn.abort.signal.aborted, true);
});

Deno.test("connections - a body read in time resolves as it is, and its errors pass", async () => {
  const { admit, at, t0 } = table();
  const conn = admit();
  assert.deepEqual(await conn.within(Promise.resolve(7), t0 + 10, 10), 7);
  await assert.rejects(
    conn.within(Promise.reject(new Error("reset")), t0 + 10, 10),
    /^Error: reset$/,
  );
  at(50); // nothing is left to expire
  assert.equal(conn.abort.signal.aborted, false);
});

Deno.test("connections - the sweeper runs several times per timeout, at most every 250 ms", () => {
  assert.equal(
    new Connections({ ...LIMITS, headerTimeoutMs: 10_000, idleTimeoutMs: 5_000 }).sweepMs,
    250,
  );
  assert.equal(new Connections(LIMITS).sweepMs, 62.5);
  assert.equal(new Connections({ ...LIMITS, idleTimeoutMs: 1 }).sweepMs, 10);
});
