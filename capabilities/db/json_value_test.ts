import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { bytesValue, integerValue, toJsonValue } from "./json_value.ts";

Deno.test("toJsonValue - scalars stay scalars", () => {
  assert.equal(toJsonValue("text"), "text");
  assert.equal(toJsonValue(true), true);
  assert.equal(toJsonValue(1.5), 1.5);
  assert.equal(toJsonValue(null), null);
  assert.equal(toJsonValue(undefined), null);
});

Deno.test("toJsonValue - numbers JSON cannot hold become strings", () => {
  assert.equal(toJsonValue(NaN), "NaN");
  assert.equal(toJsonValue(Infinity), "Infinity");
  assert.equal(toJsonValue(-Infinity), "-Infinity");
});

Deno.test("integerValue - a number when safe, else the exact decimal string", () => {
  assert.equal(integerValue(42n), 42);
  assert.equal(integerValue(-(2n ** 53n) + 1n), -9007199254740991);
  assert.equal(integerValue(2n ** 53n), "9007199254740992");
  assert.equal(integerValue(-(2n ** 63n)), "-9223372036854775808");
  assert.equal(toJsonValue(7n), 7);
});

Deno.test("toJsonValue - dates are ISO strings, an invalid date null", () => {
  assert.equal(
    toJsonValue(new Date(Date.UTC(2024, 1, 29, 13, 5, 9, 120))),
    "2024-02-29T13:05:09.120Z",
  );
  assert.equal(toJsonValue(new Date(NaN)), null);
});

Deno.test("bytesValue - valid UTF-8 is text, anything else base64", () => {
  assert.equal(bytesValue(new TextEncoder().encode("héllo ✓")), "héllo ✓");
  assert.equal(bytesValue(new Uint8Array([0xff, 0x00, 0xfe])), "/wD+");
  assert.equal(bytesValue(new Uint8Array()), "");
  assert.equal(toJsonValue(Buffer.from("node buffer")), "node buffer");
  const view = new Uint8Array([0x41, 0xff, 0x42]).subarray(2);
  assert.equal(bytesValue(view), "B", "only the view's bytes count");
});

Deno.test("toJsonValue - arrays and JSON objects are mapped deeply", () => {
  assert.deepEqual(toJsonValue([1n, null, [NaN]]), [1, null, ["NaN"]]);
  assert.deepEqual(toJsonValue({ a: { b: 2n ** 60n }, c: [true] }), {
    a: { b: "1152921504606846976" },
    c: [true],
  });
});
