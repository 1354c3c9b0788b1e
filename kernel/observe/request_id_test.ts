import assert from "node:assert/strict";
import { MAX_REQUEST_ID_LENGTH, newRequestId, requestIdFrom } from "./request_id.ts";

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("newRequestId - UUID-shaped (version 4) and never the same twice", () => {
  const ids = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const id = newRequestId();
    assert.match(id, UUID4);
    ids.add(id);
  }
  assert.equal(ids.size, 10_000);
});

Deno.test("requestIdFrom - keeps a fit incoming id, replaces anything else", () => {
  assert.equal(requestIdFrom("abc-123_XYZ.~"), "abc-123_XYZ.~");
  const longest = "x".repeat(MAX_REQUEST_ID_LENGTH);
  assert.equal(requestIdFrom(longest), longest);
  for (
    const bad of [
      null,
      undefined,
      "",
      "x".repeat(MAX_REQUEST_ID_LENGTH + 1),
      "has space",
      "tab\there",
      "new\nline",
      "caf\u00e9",
      "\u0000",
    ]
  ) {
    const id = requestIdFrom(bad);
    assert.notEqual(id, bad);
    assert.match(id, UUID4, `${JSON.stringify(bad)} is replaced by a new id`);
  }
});
