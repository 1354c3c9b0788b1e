import assert from "node:assert/strict";
import { Decoder, formatPath } from "./decoder.ts";
import { Locations } from "./locations.ts";
import { Report } from "./report.ts";
import { integer, integerMap, list, map, number, object, string, stringOrObject } from "./shape.ts";
import { lines } from "./test_utils.ts";
import { YamlDocument } from "./yaml_document.ts";

const shape = object("thing", {
  name: string,
  count: integer,
  ratio: number,
  tags: list(string),
  items: list(object("item", { id: string })),
  labels: map(string),
  codes: integerMap(string),
  ref: stringOrObject(object("ref", { path: string })),
});

function decode(text: string) {
  const report = new Report(["D.yaml"]);
  const yaml = YamlDocument.parse("D.yaml", text, report)!;
  const locations = new Locations({ file: "D.yaml", line: 1, col: 1 });
  const value = new Decoder(yaml, report, locations).decodeRoot(shape);
  return { value, report, locations };
}

Deno.test("decodes values of the right type", () => {
  const { value, report } = decode(
    "name: 1.10\ncount: 3\nratio: 0.5\ntags: [a, yes]\nitems: [{id: x}]\n" +
      "labels: {on: b}\ncodes: {404: continue}\nref: ./p\n",
  );
  assert.deepEqual(value, {
    name: "1.10",
    count: 3,
    ratio: 0.5,
    tags: ["a", "yes"],
    items: [{ id: "x" }],
    labels: { on: "b" },
    codes: { "404": "continue" },
    ref: "./p",
  });
  assert.deepEqual(lines(report), []);
});

Deno.test("wrong types are errors at the value, never exceptions", () => {
  const { value, report } = decode(
    'name: [x]\ncount: "3"\nratio: x\ntags: {a: b}\nlabels: [a]\nref: [a]\n',
  );
  assert.deepEqual(value, {});
  assert.deepEqual(lines(report), [
    "1:7: expected a string for 'name', found a list",
    "2:8: expected an integer for 'count', found a string",
    "3:8: expected a number for 'ratio', found a string",
    "4:7: expected a list for 'tags', found a map",
    "5:9: expected a map for 'labels', found a list",
    "6:6: expected a string or a map for 'ref', found a list",
  ]);
});

Deno.test("a document that is not a map is an error", () => {
  const { value, report } = decode("- a\n");
  assert.deepEqual(value, {});
  assert.deepEqual(lines(report), ["1:1: expected a map at the top level, found a list"]);
});

Deno.test("null is absent; a null list item is the item's zero value", () => {
  const { value, report } = decode("name:\ncount: ~\nitems: [~, {id: y}]\nlabels: {a: }\n");
  assert.deepEqual(value, { items: [{}, { id: "y" }], labels: { a: "" } });
  assert.deepEqual(lines(report), []);
});

Deno.test("a list item of the wrong type stays a hole, so positions keep their index", () => {
  const { value, report } = decode("items: [5, {id: y}]\n");
  assert.deepEqual(value.items, [undefined, { id: "y" }]);
  assert.deepEqual(lines(report), ["1:9: expected a map for 'items[0]', found an integer"]);
});

Deno.test("integer-keyed maps reject other keys", () => {
  const { value, report } = decode("codes: {404: a, x: b, 0x1F4: c}\n");
  assert.deepEqual(value.codes, { "404": "a", "500": "c" });
  assert.deepEqual(lines(report), ["1:17: expected an integer key in 'codes', found 'x'"]);
});

Deno.test("near-miss keys are errors with a hint; other unknown keys are warnings", () => {
  const { report } = decode("nmae: x\nitems: [{ID: 1}]\nbanana: 1\n");
  assert.deepEqual(lines(report), [
    "1:1: unknown key 'nmae' in thing (did you mean 'name'?)",
    "2:10: unknown key 'ID' in item (did you mean 'id'?)",
    "3:1: warning: unknown key 'banana' in thing",
  ]);
  assert.equal(report.failed, true);
  assert.equal(decode("banana: 1\n").report.failed, false, "a far-off key is only a warning");
});

Deno.test("records where each value is, and which had the wrong type", () => {
  const { locations } = decode("name: x\nitems:\n  - id: y\ncount: z\nlabels:\n");
  assert.deepEqual(locations.find(["name"]), { file: "D.yaml", line: 1, col: 7 });
  assert.deepEqual(locations.find(["items", 0]), { file: "D.yaml", line: 3, col: 5 });
  assert.deepEqual(locations.find(["items", 0, "id"]), { file: "D.yaml", line: 3, col: 9 });
  assert.deepEqual(locations.find(["labels"]), { file: "D.yaml", line: 5, col: 1 });
  assert.equal(locations.isInvalid(["count"]), true);
  assert.equal(locations.isInvalid(["name"]), false);
});

Deno.test("free-form keys such as __proto__ stay plain own keys", () => {
  const { value } = decode("labels: {__proto__: x}\n");
  assert.equal(Object.getPrototypeOf(value.labels), Object.prototype);
  assert.deepEqual(Object.keys(value.labels!), ["__proto__"]);
});

Deno.test("formatPath renders keys and indices", () => {
  assert.equal(formatPath(["handlers", 0, "steps", 1, "with"]), "handlers[0].steps[1].with");
  assert.equal(formatPath([]), "");
});
