import assert from "node:assert/strict";
import { requestHeaders } from "./headers.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("requestHeaders - lower-cases names and decodes values", () => {
  const headers = requestHeaders({ "X-Greeting": bytes("héllo"), "Content-Type": "text/plain" });
  assert.deepEqual(
    [...headers!],
    [["x-greeting", "héllo"], ["content-type", "text/plain"]],
  );
});

Deno.test("requestHeaders - joins repeated values with commas", () => {
  const headers = requestHeaders({
    "X-Tag": [bytes("a"), "b"],
    "x-tag": bytes("c"),
    gone: undefined,
  });
  assert.deepEqual([...headers!], [["x-tag", "a,b,c"]]);
});

Deno.test("requestHeaders - no headers", () => {
  assert.equal(requestHeaders(undefined), undefined);
  assert.equal(requestHeaders({}), undefined);
});
