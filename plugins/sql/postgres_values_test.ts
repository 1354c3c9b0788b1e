import assert from "node:assert/strict";
import {
  parseBytea,
  parseInt8,
  parseTimestamp,
  parseTimestamptz,
  POSTGRES_TYPES,
  returnedId,
} from "./postgres_values.ts";

Deno.test("parseInt8 - a number when safe, else the exact string", () => {
  assert.equal(parseInt8("42"), 42);
  assert.equal(parseInt8("-9007199254740991"), -9007199254740991);
  assert.equal(parseInt8("9223372036854775807"), "9223372036854775807");
});

Deno.test("parseTimestamp - ISO 8601 without a zone, microseconds kept", () => {
  assert.equal(parseTimestamp("2024-02-29 13:05:09.123456"), "2024-02-29T13:05:09.123456");
  assert.equal(parseTimestamp("2024-02-29 13:05:09"), "2024-02-29T13:05:09");
  assert.equal(parseTimestamp("infinity"), "infinity");
  assert.equal(parseTimestamp("0044-03-15 12:00:00 BC"), "0044-03-15 12:00:00 BC");
});

Deno.test("parseTimestamptz - UTC as Z, another offset as +hh:mm", () => {
  assert.equal(parseTimestamptz("2024-02-29 13:05:09.5+00"), "2024-02-29T13:05:09.5Z");
  assert.equal(parseTimestamptz("2024-02-29 13:05:09+05:30"), "2024-02-29T13:05:09+05:30");
  assert.equal(parseTimestamptz("2024-02-29 13:05:09-08"), "2024-02-29T13:05:09-08:00");
  assert.equal(parseTimestamptz("1900-01-01 00:00:00+00:09:21"), "1900-01-01T00:00:00+00:09:21");
  assert.equal(parseTimestamptz("-infinity"), "-infinity");
});

Deno.test("parseBytea - hex output format to bytes", () => {
  assert.deepEqual(parseBytea("\\x00ff41"), new Uint8Array([0, 255, 65]));
  assert.deepEqual(parseBytea("\\x"), new Uint8Array());
  assert.deepEqual(parseBytea("ab"), new Uint8Array([97, 98]), "escape format read as text");
});

Deno.test("POSTGRES_TYPES - parameters are sent as the Runnable's text", () => {
  for (const type of Object.values(POSTGRES_TYPES)) {
    assert.equal(type.serialize("true"), "true");
    assert.equal(type.serialize('{"a":1}'), '{"a":1}');
  }
  assert.equal(POSTGRES_TYPES.stratosBool.parse("f"), false);
  assert.deepEqual(POSTGRES_TYPES.stratosJson.parse('{"a":[1]}'), { a: [1] });
});

Deno.test("returnedId - the id column, else the first column, when an integer", () => {
  assert.equal(returnedId([{ name: "x", id: 7 }]), 7n);
  assert.equal(returnedId([{ serial: "9223372036854775807" }]), 9223372036854775807n);
  assert.equal(returnedId([{ id: "not a number" }]), 0n);
  assert.equal(returnedId([{ id: 1.5 }]), 0n);
  assert.equal(returnedId([]), 0n);
});
