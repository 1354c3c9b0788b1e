import assert from "node:assert/strict";
import { isMap, isSeq } from "yaml";
import { Report } from "./report.ts";
import { YamlDocument } from "./yaml_document.ts";
import { describe, isNull, scalarText } from "./yaml_nodes.ts";

function values(text: string): unknown[] {
  const root = YamlDocument.parse("D.yaml", text, new Report(["D.yaml"]))?.root;
  assert.ok(isMap(root));
  return root.items.map((pair) => pair.value);
}

Deno.test("scalarText keeps a non-string scalar's source text, as Go's yaml.v2", () => {
  const texts = values("a: 1.10\nb: yes\nc: '007'\nd: 404\n").map((v) => scalarText(v as never));
  assert.deepEqual(texts, ["1.10", "yes", "007", "404"]);
});

Deno.test("describe and isNull", () => {
  const nodes = values("s: x\ni: 1\nn: 1.5\nb: on\nm: {}\nl: []\nz: ~\nt: 2001-12-14\n");
  assert.deepEqual(nodes.map(describe), [
    "a string",
    "an integer",
    "a number",
    "a boolean",
    "a map",
    "a list",
    "null",
    "a timestamp",
  ]);
  assert.equal(isNull(nodes[6]), true);
  assert.equal(isNull(undefined), true);
  assert.equal(isNull(nodes[0]), false);
  assert.ok(isSeq(nodes[5]));
});
