import assert from "node:assert/strict";
import { fieldConverter, mysqlRows, shortestFloat32 } from "./mysql_values.ts";

const field = (name: string, columnType: number, columnLength = 11) => ({
  name,
  columnType,
  columnLength,
});

Deno.test("mysqlRows - TINYINT(1) and BIT(1) are booleans, other BITs numbers", () => {
  const rows = mysqlRows(
    [{
      flag: 1,
      off: 0,
      small: 7,
      bit: new Uint8Array([1]),
      bits: new Uint8Array([1, 2]),
      none: null,
    }],
    [
      field("flag", 1, 1),
      field("off", 1, 1),
      field("small", 1, 4),
      field("bit", 16, 1),
      field("bits", 16, 16),
      field("none", 1, 1),
    ],
  );
  assert.deepEqual(rows, [{ flag: true, off: false, small: 7, bit: true, bits: 258n, none: null }]);
});

Deno.test("mysqlRows - DATETIME without a zone, TIMESTAMP in UTC", () => {
  const rows = mysqlRows(
    [{ d: "2024-02-29 13:05:09.123456", t: "2024-02-29 13:05:09", z: "0000-00-00 00:00:00" }],
    [field("d", 12), field("t", 7), field("z", 7)],
  );
  assert.deepEqual(rows[0], {
    d: "2024-02-29T13:05:09.123456",
    t: "2024-02-29T13:05:09Z",
    z: "0000-00-00T00:00:00Z",
  });
});

Deno.test("shortestFloat32 - the decimal that was stored, not float32 noise", () => {
  assert.equal(shortestFloat32(Math.fround(1.1)), 1.1);
  assert.equal(shortestFloat32(Math.fround(3.14159)), 3.14159);
  assert.equal(shortestFloat32(0.5), 0.5);
  assert.equal(shortestFloat32(NaN), NaN);
  assert.equal(fieldConverter(field("f", 4)), shortestFloat32);
});

Deno.test("fieldConverter - most types need nothing", () => {
  for (const type of [3, 5, 8, 10, 246, 253, 252]) {
    assert.equal(fieldConverter(field("x", type)), undefined);
  }
  assert.equal(mysqlRows([{ a: 1 }], [field("a", 3)])[0].a, 1);
});
