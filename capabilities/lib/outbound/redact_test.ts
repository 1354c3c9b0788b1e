import assert from "node:assert/strict";
import { REDACTED, Redactor, secretSpellings } from "./redact.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("Redactor.text - every spelling of every secret", () => {
  const redactor = new Redactor(["tok/en+1", 'q"uote<', ""]);
  assert.equal(redactor.empty, false);
  assert.equal(
    redactor.text("Authorization: bearer tok/en+1"),
    `Authorization: bearer ${REDACTED}`,
  );
  assert.equal(redactor.text("a=tok%2Fen%2B1&b"), `a=${REDACTED}&b`);
  assert.equal(redactor.text('{"h":"q\\"uote<"}'), `{"h":"${REDACTED}"}`);
  assert.equal(redactor.text('{"h":"q\\"uote\\u003c"}'), `{"h":"${REDACTED}"}`);
  assert.equal(redactor.text("tok/en+1tok/en+1"), REDACTED + REDACTED);
  assert.equal(redactor.text("nothing here"), "nothing here");
  assert.equal(new Redactor([""]).empty, true);
});

Deno.test("Redactor.bytes - replaces inside binary data, keeps untouched arrays", () => {
  const redactor = new Redactor(["s3cret"]);
  const clean = new Uint8Array([0, 255, 115, 51, 99]);
  assert.equal(redactor.bytes(clean), clean);
  const dirty = new Uint8Array([0xff, ...encode("xs3crets3cret"), 0x00, ...encode("s3cre")]);
  const out = redactor.bytes(dirty);
  assert.deepEqual(
    out,
    new Uint8Array([0xff, ...encode(`x${REDACTED}${REDACTED}`), 0x00, ...encode("s3cre")]),
  );
  assert.equal(decode(redactor.bytes(encode("ss3cret"))), `s${REDACTED}`);
});

Deno.test("Redactor.json - strings and keys at any depth", () => {
  const redactor = new Redactor(["s3cret"]);
  assert.deepEqual(redactor.json({ a: ["x s3cret", 1, null, { s3cret: true }] }), {
    a: [`x ${REDACTED}`, 1, null, { [REDACTED]: true }],
  });
});

Deno.test("secretSpellings - no duplicates for plain secrets", () => {
  assert.deepEqual(secretSpellings("abc123"), ["abc123"]);
  assert.deepEqual(secretSpellings("a&b"), ["a&b", "a\\u0026b", "a%26b"]);
});
