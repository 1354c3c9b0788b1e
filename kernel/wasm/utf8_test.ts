import assert from "node:assert/strict";
import { decodeUTF8, encodeUTF8 } from "./utf8.ts";

Deno.test("utf8 - agrees with TextEncoder/TextDecoder on ASCII, non-ASCII and long text", () => {
  const samples = ["", "hello", "héllo", "日本語", "a".repeat(500), "x".repeat(127) + "é"];
  for (const text of samples) {
    const expected = new TextEncoder().encode(text);
    assert.deepEqual(encodeUTF8(text), expected, text);
    assert.equal(decodeUTF8(expected), text);
  }
});

Deno.test("utf8 - invalid sequences decode to U+FFFD", () => {
  assert.equal(decodeUTF8(new Uint8Array([0x61, 0xff, 0x62])), "a\ufffdb");
});
