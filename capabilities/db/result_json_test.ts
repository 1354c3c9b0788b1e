import assert from "node:assert/strict";
import type { QueryResult } from "./backend.ts";
import { resultJson, rowsJson } from "./result_json.ts";

const result = (over: Partial<QueryResult> = {}): QueryResult => ({
  rows: [],
  lastInsertID: 0n,
  rowsAffected: 0,
  ...over,
});

Deno.test("resultJson - select: an array of row objects in column order", () => {
  const rows = [{ id: 1, name: "ada", note: null }, { id: 2, name: "bob", note: "x" }];
  assert.equal(
    resultJson("select", result({ rows, rowsAffected: 2 })),
    '[{"id":1,"name":"ada","note":null},{"id":2,"name":"bob","note":"x"}]',
  );
  assert.equal(resultJson("select", result()), "[]");
});

Deno.test("resultJson - insert keeps the id, rowsAffected is 0 as in Atmo", () => {
  assert.equal(
    resultJson("insert", result({ lastInsertID: 17n, rowsAffected: 1 })),
    '{"lastInsertID":17,"rowsAffected":0}',
  );
  assert.equal(
    resultJson("insert", result({ lastInsertID: 2n ** 63n - 1n })),
    '{"lastInsertID":9223372036854775807,"rowsAffected":0}',
    "an id past 2^53 is written exactly",
  );
});

Deno.test("resultJson - update and delete report rowsAffected, lastInsertID 0", () => {
  assert.equal(
    resultJson("update", result({ lastInsertID: 5n, rowsAffected: 3 })),
    '{"lastInsertID":0,"rowsAffected":3}',
  );
  assert.equal(
    resultJson("delete", result({ rowsAffected: 0 })),
    '{"lastInsertID":0,"rowsAffected":0}',
  );
});

Deno.test("rowsJson - driver values become JSON scalars", () => {
  const bytes = new TextEncoder().encode("blob text");
  assert.equal(
    rowsJson([{ big: 2n ** 60n, small: 3n, bytes, bad: new Uint8Array([0xff]), nan: NaN }]),
    '[{"big":"1152921504606846976","small":3,"bytes":"blob text","bad":"/w==","nan":"NaN"}]',
  );
});
