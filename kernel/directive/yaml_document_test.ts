import assert from "node:assert/strict";
import { isMap, type YAMLMap } from "yaml";
import { Report } from "./report.ts";
import { lines } from "./test_utils.ts";
import { YamlDocument } from "./yaml_document.ts";
import { scalarText } from "./yaml_nodes.ts";

function parse(text: string) {
  const report = new Report(["D.yaml"]);
  const yaml = YamlDocument.parse("D.yaml", text, report);
  return { yaml, report };
}

function rootMap(yaml: YamlDocument | undefined): YAMLMap {
  assert.ok(yaml && isMap(yaml.root));
  return yaml.root;
}

Deno.test("syntax errors are problems with positions", () => {
  const { yaml, report } = parse("a: 1\na: 2\nb: [1, 2\n");
  assert.equal(yaml, undefined);
  assert.deepEqual(lines(report), [
    "2:1: invalid YAML: Map keys must be unique",
    "4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ]);
});

Deno.test("several documents are a syntax error", () => {
  const { yaml, report } = parse("a: 1\n---\nb: 2\n");
  assert.equal(yaml, undefined);
  assert.match(lines(report)[0], /^2:1: invalid YAML: Source contains multiple documents/);
});

Deno.test("unknown tags are warnings", () => {
  const { yaml, report } = parse("a: !custom 1\n");
  assert.ok(yaml);
  assert.deepEqual(lines(report), ["1:4: warning: Unresolved tag: !custom"]);
});

Deno.test("locate gives 1-based line and column", () => {
  const { yaml } = parse("top:\n  inner: value\n");
  const top = rootMap(yaml).items[0].value as YAMLMap;
  assert.deepEqual(yaml!.locate(top.items[0].value), { file: "D.yaml", line: 2, col: 10 });
  assert.deepEqual(yaml!.locate(null), { file: "D.yaml", line: 1, col: 1 });
});

Deno.test("deref follows aliases and reports unknown ones", () => {
  const { yaml, report } = parse("a: &x [1]\nb: *x\nc: *nope\n");
  const [a, b, c] = rootMap(yaml).items;
  assert.equal(yaml!.deref(b.value), a.value);
  assert.equal(yaml!.deref(c.value), undefined);
  assert.deepEqual(lines(report), ["3:4: unknown alias *nope"]);
});

Deno.test("an alias refers to the last anchor of its name before it", () => {
  const { yaml } = parse("a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
  const [, b, , d] = rootMap(yaml).items;
  assert.equal(scalarText(yaml!.deref(b.value) as never), "1");
  assert.equal(scalarText(yaml!.deref(d.value) as never), "2");
});

Deno.test("entries expand merge keys, explicit keys winning", () => {
  const { yaml } = parse("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n  z: 4\n");
  const m = yaml!.deref(rootMap(yaml).items[1].value) as YAMLMap;
  const entries = yaml!.entries(m).map((e) => [e.key, scalarText(e.value as never)]);
  assert.deepEqual(entries, [["y", "3"], ["z", "4"], ["x", "1"]]);
});

Deno.test("merging a map into itself is reported, not looped", () => {
  const { yaml, report } = parse("a: &a\n  <<: *a\n  k: v\n");
  const a = rootMap(yaml).items[0].value as YAMLMap;
  assert.deepEqual(yaml!.entries(a).map((e) => e.key), ["k"]);
  assert.deepEqual(lines(report), ["2:7: a map cannot merge itself with '<<'"]);
});

Deno.test("non-scalar keys are reported and skipped", () => {
  const { yaml, report } = parse("? [a]\n: 1\nk: 2\n");
  assert.deepEqual(yaml!.entries(rootMap(yaml)).map((e) => e.key), ["k"]);
  assert.deepEqual(lines(report), ["1:3: expected a string key, found a list"]);
});

Deno.test("toPlain converts and stops at recursive aliases", () => {
  const { yaml, report } = parse("a: &c {n: 1, l: [yes, 2.5], self: *c}\n");
  assert.deepEqual(yaml!.toPlain(rootMap(yaml).items[0].value), {
    n: 1,
    l: [true, 2.5],
    self: null,
  });
  assert.deepEqual(lines(report), ["1:35: an alias cannot refer to a node that contains it"]);
});

Deno.test("alias expansion is bounded", () => {
  const levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`)}]`);
  const { yaml, report } = parse(levels.join("\n") + "\n");
  const last = rootMap(yaml).items[8].value;
  yaml!.toPlain(last);
  assert.match(lines(report)[0], /the document expands to more than 200000 nodes/);
});
