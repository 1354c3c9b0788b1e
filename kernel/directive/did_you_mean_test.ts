import assert from "node:assert/strict";
import { closestName, editDistance } from "./did_you_mean.ts";

Deno.test("editDistance counts insertions, deletions and substitutions", () => {
  assert.equal(editDistance("steps", "steps"), 0);
  assert.equal(editDistance("stpes", "steps"), 2);
  assert.equal(editDistance("resorce", "resource"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

Deno.test("closestName prefers a case-insensitive match", () => {
  assert.equal(closestName("respondto", ["response", "respondTo"]), "respondTo");
  assert.equal(closestName("APPVERSION", ["appVersion", "atmoVersion"]), "appVersion");
});

Deno.test("closestName accepts up to two edits", () => {
  assert.equal(closestName("handler", ["handlers", "schedules"]), "handlers");
  assert.equal(closestName("stpes", ["steps", "response"]), "steps");
  assert.equal(closestName("methdo", ["method", "resource"]), "method");
});

Deno.test("closestName counts edits ignoring case", () => {
  assert.equal(closestName("STPS", ["steps"]), "steps");
  assert.equal(closestName("Respondot", ["respondTo"]), "respondTo");
  assert.equal(closestName("onerror", ["onErr"]), "onErr");
});

Deno.test("closestName rejects far or too-short names", () => {
  assert.equal(closestName("banana", ["steps", "method"]), undefined);
  assert.equal(closestName("id", ["as", "fn"]), undefined);
  assert.equal(closestName("x", ["as"]), undefined);
});
