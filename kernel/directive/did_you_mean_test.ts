import assert from "node:assert/strict";
import { closestName, editDistance } from "./did_you_mean.ts";

Deno.test("editDistance counts insertions, deletions, substitutions and swaps", () => {
  assert.equal(editDistance("steps", "steps"), 0);
  assert.equal(editDistance("stpes", "steps"), 1, "a swap of neighbours is one edit");
  assert.equal(editDistance("nope", "gone"), 2);
  assert.equal(editDistance("resorce", "resource"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

Deno.test("closestName allows one edit in short names, two from five characters on", () => {
  assert.equal(closestName("al", ["all"]), "all");
  assert.equal(closestName("nope", ["gone"]), undefined);
  assert.equal(closestName("nmae", ["name"]), "name");
  assert.equal(closestName("respndTp", ["respondTo"]), "respondTo");
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
