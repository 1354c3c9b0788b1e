/**
 * JSON encoded the way Go's `encoding/json` encodes a decoded value, which is what Atmo returned
 * from `graphql_query`: object keys sorted (Go sorts map keys) and `<`, `>`, `&`, U+2028 and
 * U+2029 escaped as `\u003c` and so on (Go's HTML-safe escaping).
 *
 * @module
 */

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sorted(v)]));
  }
  return value;
}

/** Encodes `value` as Go's `json.Marshal` would encode it after `json.Unmarshal`. */
export function goJson(value: unknown): string {
  return JSON.stringify(sorted(value)).replace(
    HTML_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
