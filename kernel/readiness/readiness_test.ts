import assert from "node:assert/strict";
import { ConnectionHealth } from "../connection/health.ts";
import type { Step } from "../directive/types.ts";
import { pendingMessage, Readiness, stepFqfns } from "./readiness.ts";

const IMPORTS: Record<string, string[]> = {
  "app#db": ["return_result", "db_exec"],
  "app#cache": ["return_result", "cache_get"],
  "app#plain": ["return_result"],
};

const step = (fqfn: string): Step => ({ fn: fqfn, fqfn });

function readiness(waitMs: number) {
  const gate = new Readiness({ imports: (fqfn) => new Set(IMPORTS[fqfn] ?? []), waitMs });
  const database = new ConnectionHealth("postgresql://db");
  const redis = new ConnectionHealth("redis://cache");
  gate.add("database", database, ["db_exec"]);
  gate.add("redis", redis, ["cache_get", "cache_set"]);
  gate.add("kafka", new ConnectionHealth("kafka:9092"), []);
  return { gate, database, redis };
}

Deno.test("stepFqfns - fn steps and the members of groups", () => {
  assert.deepEqual(
    stepFqfns([step("a"), { group: [{ fn: "b", fqfn: "b" }, { fn: "c", fqfn: "c" }] }]),
    ["a", "b", "c"],
  );
});

Deno.test("Readiness - steps that need no connection still opening run at once, without a Promise", () => {
  const { gate } = readiness(1000);
  assert.equal(gate.gate([step("app#plain")], performance.now() + 1000), undefined);
  // kafka is opening, but no host function uses it: it holds back no handler
  assert.deepEqual(gate.pending(), ["database", "redis", "kafka"]);
});

Deno.test("Readiness - a request waits for the connection its steps need, then runs", async () => {
  const { gate, database } = readiness(5000);
  const steps = [step("app#db")];
  const waiting = gate.gate(steps, performance.now() + 5000);
  assert.ok(waiting instanceof Promise);
  setTimeout(() => database.up(), 30);
  const started = performance.now();
  assert.deepEqual(await waiting, []);
  assert.ok(performance.now() - started >= 20, "it waited for the connection");
  assert.equal(gate.gate(steps, performance.now() + 5000), undefined, "clear from now on");
});

Deno.test("Readiness - the wait is bounded by --ready-wait and by the deadline", async () => {
  const { gate } = readiness(60);
  let started = performance.now();
  assert.deepEqual(await gate.gate([step("app#cache")], started + 10_000), ["redis"]);
  const waited = performance.now() - started;
  assert.ok(waited >= 50 && waited < 2000, `waited ${waited} ms for the ready wait`);
  const patient = readiness(60_000).gate;
  started = performance.now();
  assert.deepEqual(
    await patient.gate([step("app#db"), step("app#cache")], started + 10),
    ["database", "redis"],
  );
  assert.ok(performance.now() - started < 2000, "the deadline came first");
  assert.equal(
    pendingMessage(["database", "redis"]),
    "not ready: connections 'database', 'redis' are still opening, try again shortly",
  );
  assert.equal(
    pendingMessage(["redis"]),
    "not ready: connection 'redis' is still opening, try again shortly",
  );
});

Deno.test("Readiness - a connection that failed its first attempts no longer holds anything back", async () => {
  const { gate, database } = readiness(5000);
  database.down(new Error("refused"));
  assert.equal(gate.gate([step("app#db")], performance.now() + 5000), undefined);
  assert.deepEqual(await gate.waitFor(["db_exec"], 5000), []);
});

Deno.test("Readiness - a replica asks the primary once per step list, until it says none is opening", async () => {
  const primary = readiness(5000);
  const asked: string[][] = [];
  const replica = new Readiness({
    imports: (fqfn) => new Set(IMPORTS[fqfn] ?? []),
    waitMs: 5000,
    remote: (imports, ms) => {
      asked.push(imports);
      return primary.gate.waitFor(imports, ms);
    },
  });
  const steps = [step("app#db")];
  setTimeout(() => primary.database.up(), 20);
  assert.deepEqual(await replica.gate(steps, performance.now() + 5000), []);
  assert.equal(replica.gate(steps, performance.now() + 5000), undefined);
  assert.deepEqual(asked, [["return_result", "db_exec"]]);
});
