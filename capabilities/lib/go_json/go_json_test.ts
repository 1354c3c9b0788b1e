import assert from "node:assert/strict";
import { goJson } from "./go_json.ts";

Deno.test("goJson - sorted keys at every depth, HTML-safe escapes", () => {
  assert.equal(
    goJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }),
    '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
  );
  assert.equal(
    goJson({ query: '{ a(x: "<&>") }' }),
    '{"query":"{ a(x: \\"\\u003c\\u0026\\u003e\\") }"}',
  );
  assert.equal(goJson("\u2028\u2029"), '"\\u2028\\u2029"');
  assert.equal(goJson({ n: 1e21, m: 1e-7, i: 12 }), '{"i":12,"m":1e-7,"n":1e+21}');
});

Deno.test("goJson - integer-like keys sort as strings, as Go sorts map keys", () => {
  assert.equal(goJson({ "10": 1, "2": 2, "a": 3 }), '{"10":1,"2":2,"a":3}');
});
