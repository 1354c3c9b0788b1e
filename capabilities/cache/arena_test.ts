import assert from "node:assert/strict";
import { ARENA_BYTES, ByteArena } from "./arena.ts";

Deno.test("ByteArena - arrays taken never overlap, across buffer boundaries too", () => {
  const arena = new ByteArena();
  const taken = Array.from({ length: 3_000 }, (_, i) => arena.take(1 + (i % 100)));
  taken.forEach((bytes, i) => bytes.fill(i & 255));
  taken.forEach((bytes, i) => {
    assert.equal(bytes.length, 1 + (i % 100));
    assert.ok(bytes.every((b) => b === (i & 255)), `array ${i} was overwritten`);
  });
  const buffers = new Set(taken.map((bytes) => bytes.buffer));
  assert.ok(buffers.size > 1 && buffers.size < 10, `${buffers.size} buffers for ~150 KB`);
});

Deno.test("ByteArena - a large array gets a buffer of its own; empty arrays are fine", () => {
  const arena = new ByteArena();
  const large = arena.take(ARENA_BYTES / 8 + 1);
  assert.equal(large.buffer.byteLength, ARENA_BYTES / 8 + 1);
  assert.equal(arena.take(0).length, 0);
  const small = arena.take(ARENA_BYTES / 8);
  assert.equal(small.buffer.byteLength, ARENA_BYTES);
});
