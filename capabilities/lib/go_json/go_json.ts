/**
 * JSON encoded the way Go's `encoding/json` encodes a decoded value, which is what Atmo wrote
 * wherever it re-serialised JSON (`graphql_query` results, body fields set by Runnables): object
 * keys sorted by their bytes (Go sorts map keys), and `<`, `>`, `&`, U+2028 and U+2029 escaped as
 * `\u003c` and so on (Go's HTML-safe escaping).
 *
 * @module
 */

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function encode(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(encode).join(",")}]`;
  if (value !== null && typeof value === "object") {
    // Built by hand: a JS object would list integer-like keys first, whatever their order.
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const record = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Encodes `value` as Go's `json.Marshal` would encode it after `json.Unmarshal`. */
export function goJson(value: unknown): string {
  return encode(value).replace(
    HTML_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
