/**
 * Kafka record headers as request headers: names lower-cased, values decoded as UTF-8, repeated
 * values (an array, or names differing only in case) joined by `,` as for HTTP.
 *
 * @module
 */

/** A header value as kafkajs delivers it. */
export type KafkaHeaderValue = Uint8Array | string | (Uint8Array | string)[] | undefined;

const decoder = new TextDecoder();

/** The request headers of a record's `headers`, or `undefined` if it has none. */
export function requestHeaders(
  headers: Record<string, KafkaHeaderValue> | undefined,
): Map<string, string> | undefined {
  if (!headers) return undefined;
  let out: Map<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const text = values.map((v) => typeof v === "string" ? v : decoder.decode(v)).join(",");
    const key = name.toLowerCase();
    out ??= new Map();
    const previous = out.get(key);
    out.set(key, previous === undefined ? text : `${previous},${text}`);
  }
  return out;
}
