import assert from "node:assert/strict";
import { shouldReturn } from "./on_err.ts";

Deno.test("shouldReturn - follows Atmo's ShouldReturn rules", () => {
  assert.equal(shouldReturn(undefined, 404), true);
  assert.equal(shouldReturn({ any: "continue" }, 500), false);
  assert.equal(shouldReturn({ any: "return" }, 500), true);
  assert.equal(shouldReturn({ code: { 404: "continue" } }, 404), false);
  assert.equal(shouldReturn({ code: { 404: "continue" } }, 500), true);
  assert.equal(shouldReturn({ code: { 404: "return" }, other: "continue" }, 500), false);
  assert.equal(shouldReturn({ code: { 404: "return" }, other: "continue" }, 404), true);
  assert.equal(
    shouldReturn({ code: {}, any: "continue" }, 1),
    false,
    "empty code map means 'any' applies",
  );
});
