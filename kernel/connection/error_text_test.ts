import assert from "node:assert/strict";
import { errorText } from "./error_text.ts";

Deno.test("errorText - the message, else what is inside, else the code, else the name", () => {
  assert.equal(errorText(new Error("boom")), "boom");
  const refused = (host: string) =>
    Object.assign(new Error(`connect ECONNREFUSED ${host}`), { code: "ECONNREFUSED" });
  assert.equal(
    errorText(new AggregateError([refused("::1:1"), refused("127.0.0.1:1"), refused("::1:1")], "")),
    "connect ECONNREFUSED ::1:1; connect ECONNREFUSED 127.0.0.1:1",
  );
  assert.equal(errorText(Object.assign(new Error(""), { code: "ETIMEDOUT" })), "ETIMEDOUT");
  assert.equal(errorText(new TypeError("")), "TypeError");
  assert.equal(errorText("as text"), "as text");
});
