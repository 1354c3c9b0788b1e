/**
 * Redaction of configured secrets from everything an outbound capability hands to a Runnable or
 * writes to the log: response bodies, error texts, GraphQL data.
 *
 * Each secret is replaced by {@link REDACTED} as written, JSON-escaped and percent-encoded (how an
 * upstream that echoes request headers usually returns them). Redaction is defence in depth: an
 * upstream that transforms the secret (slices, re-encodes it) is not caught, which is why the
 * secret is only ever sent to the domain it is configured for.
 *
 * @module
 */

/** What a secret is replaced with. */
export const REDACTED = "[REDACTED]";

const encoder = new TextEncoder();
const REDACTED_BYTES = encoder.encode(REDACTED);

/**
 * The spellings of `secret` that are looked for: as is, JSON-escaped (also Go's way, which escapes
 * `<`, `>`, `&`, U+2028 and U+2029), and percent-encoded.
 */
export function secretSpellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const goJson = json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return [...new Set([secret, json, goJson, encodeURIComponent(secret)])];
}

/** Replaces the configured secrets in text, bytes and JSON values. */
export class Redactor {
  readonly #needles: string[];
  readonly #byteNeedles: Uint8Array[];

  /** @param secrets the secret values (empty ones are ignored) */
  constructor(secrets: Iterable<string>) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (secret !== "") { for (const spelling of secretSpellings(secret)) needles.add(spelling); }
    }
    // Longest first, so a spelling containing another is replaced whole.
    this.#needles = [...needles].sort((a, b) => b.length - a.length);
    this.#byteNeedles = this.#needles.map((n) => encoder.encode(n));
  }

  /** Whether there is nothing to redact. */
  get empty(): boolean {
    return this.#needles.length === 0;
  }

  /** `text` with every secret replaced. */
  text(text: string): string {
    let out = text;
    for (const needle of this.#needles) out = out.replaceAll(needle, REDACTED);
    return out;
  }

  /** `bytes` with every secret replaced; the same array when none occurs. */
  bytes(bytes: Uint8Array): Uint8Array {
    let out = bytes;
    for (const needle of this.#byteNeedles) out = replaceBytes(out, needle, REDACTED_BYTES);
    return out;
  }

  /** A copy of a parsed JSON value with every string (keys too) redacted. */
  json(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [this.text(k), this.json(v)]),
      );
    }
    return value;
  }
}

/** Offsets of the non-overlapping occurrences of `needle` in `haystack`. */
function occurrences(haystack: Uint8Array, needle: Uint8Array): number[] {
  const found: number[] = [];
  const last = haystack.length - needle.length;
  let at = haystack.indexOf(needle[0]);
  while (at !== -1 && at <= last) {
    let i = 1;
    while (i < needle.length && haystack[at + i] === needle[i]) i++;
    if (i === needle.length) {
      found.push(at);
      at = haystack.indexOf(needle[0], at + needle.length);
    } else {
      at = haystack.indexOf(needle[0], at + 1);
    }
  }
  return found;
}

function replaceBytes(haystack: Uint8Array, needle: Uint8Array, by: Uint8Array): Uint8Array {
  const found = occurrences(haystack, needle);
  if (found.length === 0) return haystack;
  const out = new Uint8Array(haystack.length + found.length * (by.length - needle.length));
  let from = 0;
  let to = 0;
  for (const at of found) {
    out.set(haystack.subarray(from, at), to);
    to += at - from;
    out.set(by, to);
    to += by.length;
    from = at + needle.length;
  }
  out.set(haystack.subarray(from), to);
  return out;
}
