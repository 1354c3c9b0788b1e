// Small helpers shared by Runnables: UTF-8 conversion, byte concatenation, JSON string quoting.

/** UTF-8 bytes of a string. */
export function toBytes(value: string): ArrayBuffer {
  return String.UTF8.encode(value);
}

/** A string decoded from UTF-8 bytes. */
export function toText(bytes: ArrayBuffer): string {
  return String.UTF8.decode(bytes);
}

/** The bytes of `a` followed by the bytes of `b`. */
export function concat(a: ArrayBuffer, b: ArrayBuffer): ArrayBuffer {
  const out = new ArrayBuffer(a.byteLength + b.byteLength);
  memory.copy(changetype<usize>(out), changetype<usize>(a), <usize>a.byteLength);
  memory.copy(changetype<usize>(out) + <usize>a.byteLength, changetype<usize>(b), <usize>b.byteLength);
  return out;
}

/** `value` as a JSON string literal, quotes included. */
export function jsonString(value: string): string {
  let out = "\"";
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    out += value.substring(start, i);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else out += "\\u00" + (c < 0x10 ? "0" : "") + c.toString(16);
    start = i + 1;
  }
  return out + value.substring(start) + "\"";
}

/** Builds a flat JSON object of string values, e.g. `new JSONObject().set("a", "b").toString()`. */
export class JSONObject {
  private parts: string[] = [];

  /** Adds a string member. */
  set(key: string, value: string): JSONObject {
    this.parts.push(jsonString(key) + ":" + jsonString(value));
    return this;
  }

  /** Adds a member whose value is already JSON (a number, object, array, ...). */
  setRaw(key: string, json: string): JSONObject {
    this.parts.push(jsonString(key) + ":" + json);
    return this;
  }

  /** The object as JSON text. */
  toString(): string {
    return "{" + this.parts.join(",") + "}";
  }
}
