import assert from "node:assert/strict";
import { headers } from "@nats-io/transport-node";
import { replyHeaders, requestHeaders } from "./headers.ts";

Deno.test("requestHeaders - lower-cases names and joins repeated values", () => {
  const h = headers();
  h.set("X-Greeting", "hi");
  h.append("Accept", "a");
  h.append("Accept", "b");
  assert.deepEqual(
    requestHeaders(h),
    new Map([["x-greeting", "hi"], ["accept", "a,b"]]),
  );
  assert.equal(requestHeaders(undefined), undefined);
  assert.equal(requestHeaders(headers()), undefined);
});

Deno.test("replyHeaders - builds NATS headers, or none for an empty set", () => {
  assert.equal(replyHeaders({}), undefined);
  const h = replyHeaders({ "Stratos-Error": "404", "Content-Type": "application/json" });
  assert.equal(h?.get("Stratos-Error"), "404");
  assert.equal(h?.get("Content-Type"), "application/json");
});
