import assert from "node:assert/strict";
import { foreignDocument } from "./foreign_document.ts";
import { Report } from "./report.ts";
import { directiveShape } from "./schema.ts";
import { YamlDocument } from "./yaml_document.ts";

function verdict(text: string): string | undefined {
  const yaml = YamlDocument.parse("D.yaml", text, new Report(["D.yaml"]));
  assert.ok(yaml, text);
  return foreignDocument(yaml, directiveShape);
}

Deno.test("a list or a scalar at the top is not a Directive", () => {
  assert.equal(
    verdict("- a\n- b\n"),
    "expected a map at the top level, found a list: this is not a Directive",
  );
  assert.equal(
    verdict("42\n"),
    "expected a map at the top level, found an integer: this is not a Directive",
  );
});

Deno.test("a map none of whose keys is or resembles a Directive key is not a Directive", () => {
  assert.equal(
    verdict("services: {}\nvolumes: {}\nversion: '3'\nnetworks: {}\nconfigs: {}\nsecrets: {}\n"),
    "none of the top-level keys is a Directive key (found 'services', 'volumes', 'version', " +
      "'networks', 'configs' and 1 more): this is not a Directive",
  );
});

Deno.test("a Directive with misspelt keys, a merge key only, or nothing may still be one", () => {
  assert.equal(verdict("identifer: com.x\nhandler: []\n"), undefined, "did you mean applies");
  assert.equal(verdict("services: {}\nHandlers: []\n"), undefined, "one key is known");
  assert.equal(verdict("<<: {identifier: x}\n"), undefined);
  assert.equal(verdict(""), undefined);
  assert.equal(verdict("{}"), undefined);
});
