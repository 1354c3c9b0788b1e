import assert from "node:assert/strict";
import {
  any,
  boolean,
  expected,
  integer,
  integerMap,
  list,
  map,
  number,
  object,
  string,
  stringOrObject,
  zeroValue,
} from "./shape.ts";

Deno.test("builders describe the YAML they accept", () => {
  assert.deepEqual(list(string), { kind: "list", item: { kind: "string" } });
  assert.deepEqual(map(integer), { kind: "map", value: { kind: "integer" }, integerKeys: false });
  assert.equal(integerMap(string).integerKeys, true);
  const plugin = object("plugin", { path: string });
  assert.deepEqual(stringOrObject(plugin), { kind: "stringOrObject", object: plugin });
});

Deno.test("zeroValue is Go's zero value", () => {
  assert.equal(zeroValue(string), "");
  assert.equal(zeroValue(integer), 0);
  assert.equal(zeroValue(boolean), false);
  assert.deepEqual(zeroValue(list(string)), []);
  assert.deepEqual(zeroValue(object("x", {})), {});
  assert.equal(zeroValue(any), null);
  assert.notEqual(zeroValue(map(string)), zeroValue(map(string)));
});

Deno.test("expected names the shape for messages", () => {
  assert.equal(expected(number), "a number");
  assert.equal(expected(object("x", {})), "a map");
  assert.equal(expected(stringOrObject(object("x", {}))), "a string or a map");
});
