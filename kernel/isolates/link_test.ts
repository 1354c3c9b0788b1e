import assert from "node:assert/strict";
import { StratosError } from "../errors.ts";
import {
  type Channel,
  GATHER_TIMEOUT_MS,
  type LinkMessage,
  PrimaryLink,
  ReplicaLink,
} from "./link.ts";

/** A primary and `n` replicas whose messages travel asynchronously, as with postMessage. */
function process(n: number): { primary: PrimaryLink; replicas: ReplicaLink[] } {
  const primary = new PrimaryLink();
  const replicas = Array.from({ length: n }, () => {
    const wire: { toPrimary?: Channel } = {};
    const replica = new ReplicaLink((m: LinkMessage) =>
      queueMicrotask(() => wire.toPrimary!.receive(m))
    );
    wire.toPrimary = primary.connect((m) => queueMicrotask(() => replica.channel.receive(m)));
    primary.join(wire.toPrimary);
    return replica;
  });
  return { primary, replicas };
}

Deno.test("link - a replica's request reaches the primary's handler; errors come back as errors", async () => {
  const { primary, replicas: [replica] } = process(1);
  primary.serve("double", (n) => (n as number) * 2);
  primary.serve("boom", () => {
    throw new Error("it broke");
  });
  assert.equal(await replica.request("double", 21), 42);
  assert.equal(await primary.request("double", 5), 10);
  await assert.rejects(() => replica.request("boom", null), /^Error: it broke$/);
  await assert.rejects(() => replica.request("nobody", 1), /no plugin serves link topic 'nobody'/);
  assert.deepEqual(await replica.request("double", 1.5), 3, "the channel still works");
});

Deno.test("link - gather asks every isolate, the primary first, from any isolate", async () => {
  const { primary, replicas } = process(2);
  primary.serve("who", () => "primary");
  replicas.forEach((r, i) => r.serve("who", async () => await Promise.resolve(`replica ${i + 1}`)));
  const all = ["primary", "replica 1", "replica 2"];
  assert.deepEqual(await primary.gather("who", null), all);
  assert.deepEqual(await replicas[1].gather("who", null), all);
});

Deno.test("link - a topic served twice is refused; a disconnected replica fails what it was asked", async () => {
  const primary = new PrimaryLink();
  primary.serve("t", () => 1);
  assert.throws(() => primary.serve("t", () => 2), StratosError);
  const silent = primary.connect(() => {}); // never answers
  primary.join(silent);
  const asked = primary.gather("t", null);
  primary.disconnect(silent);
  await assert.rejects(() => asked, /the replica isolate stopped/);
  assert.deepEqual(await primary.gather("t", null), [1]);
});

Deno.test("link - gather leaves out an isolate that does not answer in time", async () => {
  const { primary, replicas } = process(1);
  primary.serve("who", () => "primary");
  replicas[0].serve("who", () => new Promise(() => {})); // busy forever
  const started = performance.now();
  assert.deepEqual(await primary.gather("who", null), ["primary"]);
  const waited = performance.now() - started;
  assert.ok(waited >= GATHER_TIMEOUT_MS - 50 && waited < GATHER_TIMEOUT_MS + 1000, `${waited} ms`);
});

Deno.test("link - a replica whose primary does not answer in time gathers its own answer", async () => {
  const replica = new ReplicaLink(() => {}); // the primary never answers
  replica.serve("who", () => "replica");
  assert.deepEqual(await replica.gather("who", null), ["replica"]);
});

Deno.test("link - a replica is asked in gathers only once it joined; its requests work before", async () => {
  const primary = new PrimaryLink();
  primary.serve("who", () => "primary");
  const wire: { toPrimary?: Channel } = {};
  // Still setting up: it serves no topic yet, so asking it would fail the gather.
  const replica = new ReplicaLink((m) => queueMicrotask(() => wire.toPrimary!.receive(m)));
  wire.toPrimary = primary.connect((m) => queueMicrotask(() => replica.channel.receive(m)));
  assert.equal(await replica.request("who", null), "primary");
  assert.deepEqual(await primary.gather("who", null), ["primary"]);
  replica.serve("who", () => "replica");
  primary.join(wire.toPrimary);
  assert.deepEqual(await primary.gather("who", null), ["primary", "replica"]);
});

Deno.test("link - a topic served through a newer scope replaces it; twice in one scope is an error", async () => {
  const primary = new PrimaryLink();
  const old = primary.scope();
  old.serve("t", () => "old");
  assert.throws(() => old.serve("t", () => "again"), /link topic 't' is served twice/);
  const next = primary.scope();
  next.serve("t", () => "new");
  assert.equal(await primary.request("t", null), "new");
  assert.equal(await old.request("t", null), "new", "every view asks the topic's newest handler");
});
