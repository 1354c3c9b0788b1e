/**
 * Database values as JSON: every value a driver returns becomes a JSON scalar (or, for JSON
 * columns and arrays, JSON structure), never base64 of text.
 *
 * | driver value                        | JSON                                                    |
 * | ----------------------------------- | ------------------------------------------------------- |
 * | `null` / `undefined`                | `null`                                                  |
 * | string, boolean                     | as is                                                   |
 * | finite number                       | number                                                  |
 * | `NaN`, `±Infinity`                  | `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no such) |
 * | bigint                              | number when a safe integer, else its decimal string     |
 * | `Date`                              | ISO 8601 string in UTC (`null` for an invalid date)     |
 * | bytes (`Uint8Array`, Node `Buffer`) | the text when valid UTF-8, else base64                  |
 * | array, plain object (JSON columns)  | mapped element by element                               |
 *
 * @module
 */

import { Buffer } from "node:buffer";

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The JSON form of one database value (see the module documentation). */
export function toJsonValue(value: unknown): JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return integerValue(value);
    case "undefined":
      return null;
    case "object":
      return objectValue(value);
    default:
      return String(value);
  }
}

/** A bigint as a number when it is a safe integer, else as its decimal string. */
export function integerValue(value: bigint): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

/** Bytes as text when they are valid UTF-8, else as base64. */
export function bytesValue(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  }
}

function objectValue(value: object | null): JsonValue {
  if (value === null) return null;
  if (value instanceof Uint8Array) return bytesValue(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) out[key] = toJsonValue(item);
  return out;
}
