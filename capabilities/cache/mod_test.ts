import assert from "node:assert/strict";
import { type Channel, PrimaryLink, ReplicaLink } from "../../kernel/isolates/mod.ts";
import { processCache } from "./mod.ts";

const noEnv = () => undefined;

Deno.test("processCache - a replica maps the primary's buffer: one cache for both", async () => {
  const primaryLink = new PrimaryLink();
  const wire: { toPrimary?: Channel } = {};
  const replicaLink = new ReplicaLink((m) => queueMicrotask(() => wire.toPrimary!.receive(m)));
  wire.toPrimary = primaryLink.connect((m) => queueMicrotask(() => replicaLink.channel.receive(m)));
  const primary = await processCache({ config: {}, link: primaryLink }, noEnv);
  const replica = await processCache({ config: {}, link: replicaLink }, noEnv);
  assert.equal(replica.buffer, primary.buffer);
  replica.set("k", new Uint8Array([1, 2]), 0);
  assert.deepEqual(primary.get("k"), new Uint8Array([1, 2]));
  primary.set("m", new Uint8Array([3]), 60);
  assert.deepEqual(replica.get("m"), new Uint8Array([3]));
});

Deno.test("processCache - limits come from the plugin config, then the environment", async () => {
  const env = (name: string) => ({ STRATOS_CACHE_MAX_ENTRIES: "2" })[name];
  const cache = await processCache({ config: { maxBytes: 100 } }, env);
  for (const key of ["a", "b", "c"]) cache.set(key, new Uint8Array(10), 0);
  assert.equal(cache.size, 2, "STRATOS_CACHE_MAX_ENTRIES=2");
  cache.set("big", new Uint8Array(95), 0);
  assert.equal(cache.get("big"), undefined, "2 × 3 + 95 bytes > maxBytes 100");
});

Deno.test("processCache - a bad limit fails naming the variable, expected and found", async () => {
  for (
    const [name, raw] of [["STRATOS_CACHE_MAX_BYTES", "64MB"], ["STRATOS_CACHE_MAX_ENTRIES", "0"]]
  ) {
    await assert.rejects(
      () => processCache({ config: {} }, (n) => n === name ? raw : undefined),
      (e: Error & { code?: string }) =>
        e.code === "STRATOS_ERR_CACHE_CONFIG" &&
        e.message === `${name} must be an integer >= 1: found "${raw}"`,
    );
  }
});
