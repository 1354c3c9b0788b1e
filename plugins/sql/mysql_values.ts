/**
 * MySQL/MariaDB values from mysql2 (options `dateStrings`, `supportBigNumbers`, decimals as
 * strings; the session time zone is UTC), made JSON-ready using each column's metadata:
 *
 * | MySQL type                          | value                                                 |
 * | ----------------------------------- | ----------------------------------------------------- |
 * | integers, `DOUBLE`, `YEAR`          | number (`BIGINT` past 2^53: the decimal string)       |
 * | `FLOAT`                             | number, the shortest decimal of the 32-bit value      |
 * | `TINYINT(1)` / `BOOLEAN`, `BIT(1)`  | boolean                                               |
 * | `BIT(n)`                            | number (or the decimal string past 2^53)              |
 * | `DECIMAL`                           | string, exact (`"12.50"`)                             |
 * | `DATE`                              | `"2024-02-29"`                                        |
 * | `DATETIME`                          | `"2024-02-29T13:05:09.123456"` (no zone, as stored)   |
 * | `TIMESTAMP`                         | `"2024-02-29T13:05:09Z"` (UTC)                        |
 * | `CHAR`, `VARCHAR`, `TEXT`, `TIME`   | string                                                |
 * | `BINARY`, `VARBINARY`, `BLOB`       | bytes (text when valid UTF-8, else base64, later)     |
 * | `JSON`                              | the parsed JSON (MariaDB's JSON is text: a string)    |
 *
 * @module
 */

/** The column metadata mysql2 gives (`FieldPacket`), as far as it is used here. */
export interface MysqlField {
  /** Column name (the row's key). */
  name: string;
  /** Protocol type code. */
  columnType?: number;
  /** Display length (`TINYINT(1)` → 1, `BIT(n)` → n). */
  columnLength?: number;
}

/** mysql2 protocol type codes used here. */
const TYPE = {
  TINY: 1,
  FLOAT: 4,
  TIMESTAMP: 7,
  DATETIME: 12,
  BIT: 16,
  TIMESTAMP2: 17,
  DATETIME2: 18,
} as const;

type Convert = (value: unknown) => unknown;

const asBoolean: Convert = (value) => {
  if (value instanceof Uint8Array) return value.some((b) => b !== 0);
  return Number(value) !== 0;
};

const bitsAsNumber: Convert = (value) => {
  if (!(value instanceof Uint8Array)) return value;
  let n = 0n;
  for (const byte of value) n = (n << 8n) | BigInt(byte);
  return n; // a bigint: a number or a string once made JSON
};

/** A 32-bit float as the shortest decimal that reads back as the same float (1.1, not 1.100000023841858). */
export const shortestFloat32: Convert = (value) => {
  if (typeof value !== "number" || !Number.isFinite(value)) return value;
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return shorter;
  }
  return value;
};

const datetime: Convert = (value) => typeof value === "string" ? value.replace(" ", "T") : value;

const timestamp: Convert = (value) =>
  typeof value === "string" && /^\d{4}-\d\d-\d\d \d/.test(value)
    ? `${value.replace(" ", "T")}Z`
    : value;

/** The conversion a column needs, if any. */
export function fieldConverter(field: MysqlField): Convert | undefined {
  switch (field.columnType) {
    case TYPE.TINY:
      return field.columnLength === 1 ? asBoolean : undefined;
    case TYPE.FLOAT:
      return shortestFloat32;
    case TYPE.BIT:
      return field.columnLength === 1 ? asBoolean : bitsAsNumber;
    case TYPE.DATETIME:
    case TYPE.DATETIME2:
      return datetime;
    case TYPE.TIMESTAMP:
    case TYPE.TIMESTAMP2:
      return timestamp;
    default:
      return undefined;
  }
}

/** Converts, in place, the columns of `rows` that need it; returns `rows`. */
export function mysqlRows<T extends Record<string, unknown>>(
  rows: T[],
  fields: readonly MysqlField[],
): T[] {
  const converters: [string, Convert][] = [];
  for (const field of fields) {
    const convert = fieldConverter(field);
    if (convert) converters.push([field.name, convert]);
  }
  if (converters.length === 0) return rows;
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    for (const [name, convert] of converters) {
      const value = record[name];
      if (value !== null && value !== undefined) record[name] = convert(value);
    }
  }
  return rows;
}
