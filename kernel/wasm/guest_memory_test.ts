import assert from "node:assert/strict";
import { GuestMemory, GuestMemoryError } from "./guest_memory.ts";

const memory = new WebAssembly.Memory({ initial: 1 });
const guest = new GuestMemory(memory);

Deno.test("GuestMemory - reads and writes inside the memory", () => {
  guest.write(10, new TextEncoder().encode("hello"), "test");
  assert.equal(guest.readString(10, 5, "test"), "hello");
  assert.deepEqual([...guest.read(10, 2, "test")], [104, 101]);
  assert.equal(guest.view(65536, 0, "test").length, 0);
});

Deno.test("GuestMemory - refuses ranges outside the memory", () => {
  for (const [ptr, size] of [[-1, 1], [0, -1], [65535, 2], [70000, 0], [2 ** 31 - 1, 1]]) {
    assert.throws(() => guest.read(ptr, size, "fetch_url"), (e: unknown) => {
      assert.ok(e instanceof GuestMemoryError);
      assert.equal(e.code, "STRATOS_ERR_GUEST_MEMORY");
      assert.match(e.message, /^fetch_url: guest memory range/);
      return true;
    });
  }
});

Deno.test("GuestMemory - sees growth of the memory", () => {
  const m = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  const g = new GuestMemory(m);
  assert.throws(() => g.read(65536, 1, "x"));
  m.grow(1);
  assert.equal(g.read(65536, 1, "x").length, 1);
});
