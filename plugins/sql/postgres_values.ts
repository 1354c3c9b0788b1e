/**
 * PostgreSQL values for postgres.js: parameters are sent as the text the Runnable gave (the
 * server reads it as the parameter's type, like psql), and results are read into JSON-ready
 * values with full precision:
 *
 * | PostgreSQL type                          | value                                                  |
 * | ---------------------------------------- | ------------------------------------------------------ |
 * | `int2`, `int4`, `oid`, `float4/8`        | number (`NaN`/`Infinity` become strings later)         |
 * | `int8`                                   | number when a safe integer, else the decimal string    |
 * | `numeric`                                | string, exact (`"12.50"`)                              |
 * | `bool`                                   | boolean                                                |
 * | `date`                                   | `"2024-02-29"`                                         |
 * | `timestamp`                              | `"2024-02-29T13:05:09.123456"` (no zone, as stored)    |
 * | `timestamptz`                            | `"2024-02-29T13:05:09.123456Z"` (UTC)                  |
 * | `json`, `jsonb`                          | the parsed JSON                                        |
 * | `bytea`                                  | bytes (text when valid UTF-8, else base64, later)      |
 * | anything else (text, uuid, time, arrays) | PostgreSQL's text form                                 |
 *
 * @module
 */

/** A postgres.js custom type: parses results of the `from` types, serializes parameters. */
export interface PostgresType {
  /** Type used for parameters created with this type's helper. */
  to: number;
  /** Result types this type parses. */
  from: number[];
  /** Parameter to text. */
  serialize: (value: unknown) => string;
  /** Text from the server to a value. */
  parse: (text: string) => unknown;
}

/** Parameters go out as the text the Runnable gave (postgres.js would JSON-encode or re-date them). */
const asText = (value: unknown): string => String(value);

/** `int8`: a number when safe, else the exact decimal string. */
export function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** `timestamp`: ISO 8601 without a zone; `infinity` and BC dates stay as PostgreSQL wrote them. */
export function parseTimestamp(text: string): string {
  return /^\d{4,}-\d\d-\d\d \d/.test(text) && !text.endsWith(" BC") ? text.replace(" ", "T") : text;
}

/**
 * `timestamptz` (the session runs in UTC, so the offset is `+00`): ISO 8601 with `Z`, or with
 * the offset as `+hh:mm` if the server used another zone.
 */
export function parseTimestamptz(text: string): string {
  const match =
    /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?$/
      .exec(text);
  if (!match) return text;
  const [, date, time, hours, minutes = "00", seconds] = match;
  const offset = hours === "+00" && minutes === "00" && !seconds
    ? "Z"
    : `${hours}:${minutes}${seconds ? `:${seconds}` : ""}`;
  return `${date}T${time}${offset}`;
}

/** `bytea` in hex output format (`\x0102`) to bytes. */
export function parseBytea(text: string): Uint8Array {
  if (!text.startsWith("\\x")) return new TextEncoder().encode(text);
  const bytes = new Uint8Array((text.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(text.slice(2 + i * 2, 4 + i * 2), 16);
  }
  return bytes;
}

/**
 * The postgres.js `types` option: replaces its default parsers and serializers (Date objects
 * that drop microseconds, JSON-encoded string parameters) for every type it knows.
 */
export const POSTGRES_TYPES: Readonly<Record<string, PostgresType>> = {
  stratosNumber: { to: 23, from: [21, 23, 26, 700, 701], serialize: asText, parse: Number },
  stratosInt8: { to: 20, from: [20], serialize: asText, parse: parseInt8 },
  stratosBool: { to: 16, from: [16], serialize: asText, parse: (text) => text === "t" },
  stratosJson: { to: 114, from: [114, 3802], serialize: asText, parse: JSON.parse },
  stratosDate: { to: 1082, from: [1082], serialize: asText, parse: (text) => text },
  stratosTimestamp: { to: 1114, from: [1114], serialize: asText, parse: parseTimestamp },
  stratosTimestamptz: { to: 1184, from: [1184], serialize: asText, parse: parseTimestamptz },
  stratosBytea: { to: 17, from: [17], serialize: asText, parse: parseBytea },
};

/**
 * The id an insert generated, read from its `RETURNING` rows: the `id` column of the first row,
 * else its first column, when that is an integer; otherwise 0 (PostgreSQL has no
 * `LastInsertId`; Atmo, through pgx, always answered 0).
 */
export function returnedId(rows: readonly Record<string, unknown>[]): bigint {
  const first = rows[0];
  if (first === undefined) return 0n;
  const value = "id" in first ? first.id : Object.values(first)[0];
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return 0n;
}
