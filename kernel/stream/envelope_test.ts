import assert from "node:assert/strict";
import { unwrapEnvelope } from "./envelope.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function envelope(data: unknown): Uint8Array {
  return enc.encode(JSON.stringify({
    meta: {
      uuid: "1b4e28ba",
      parent_id: "",
      response_to: "",
      msg_type: "orders",
      timestamp: "2022-05-05T00:00:00Z",
    },
    payload: { data },
  }));
}

Deno.test("unwrapEnvelope - returns the decoded payload of a Grav envelope", () => {
  assert.equal(dec.decode(unwrapEnvelope(envelope(btoa("hello atmo")))), "hello atmo");
  assert.equal(unwrapEnvelope(envelope(null)).length, 0);
});

Deno.test("unwrapEnvelope - leaves raw payloads alone, arbitrary JSON objects included", () => {
  for (
    const raw of [
      "plain text",
      '{"order": 42, "items": ["a"]}',
      '{"meta": {"uuid": 1}, "payload": {"data": "aGk="}}',
      '{"meta": {"uuid": "x", "msg_type": "t"}, "payload": {"data": "not base64!"}}',
      "[1, 2, 3]",
      "",
    ]
  ) {
    assert.equal(dec.decode(unwrapEnvelope(enc.encode(raw))), raw);
  }
});
