import assert from "node:assert/strict";
import { PrimaryLink } from "../../kernel/isolates/mod.ts";
import { MemoryCache } from "./memory.ts";
import { CACHE_TOPIC, serveCache, SharedCache } from "./shared.ts";

Deno.test("SharedCache - reads and writes the primary's in-memory cache through the link", async () => {
  const memory = new MemoryCache();
  const link = new PrimaryLink();
  link.serve(CACHE_TOPIC, (request) => serveCache(memory, request));
  const shared = new SharedCache(link, memory.missingKeyMessage);
  assert.equal(shared.missingKeyMessage, "key not found");
  await shared.set("k", new TextEncoder().encode("v"), 0);
  assert.deepEqual(memory.get("k"), new TextEncoder().encode("v"));
  memory.set("m", new Uint8Array([9]), 60);
  assert.deepEqual(await shared.get("m"), new Uint8Array([9]));
  assert.equal(await shared.get("missing"), undefined);
});
