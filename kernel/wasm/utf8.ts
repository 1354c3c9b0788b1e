/**
 * UTF-8 conversions for host calls. Keys, names and small results are short and mostly ASCII;
 * for those a plain loop beats `TextEncoder`/`TextDecoder`, which cross into Rust on every call.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Strings up to this length take the ASCII fast path. */
const SHORT = 128;

/** Encodes `text` as UTF-8. */
export function encodeUTF8(text: string): Uint8Array {
  const length = text.length;
  if (length > SHORT) return encoder.encode(text);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return encoder.encode(text);
    out[i] = code;
  }
  return out;
}

/** Decodes UTF-8 `bytes` (invalid sequences become U+FFFD). */
export function decodeUTF8(bytes: Uint8Array): string {
  const length = bytes.length;
  if (length > SHORT) return decoder.decode(bytes);
  let text = "";
  for (let i = 0; i < length; i++) {
    const byte = bytes[i];
    if (byte > 0x7f) return decoder.decode(bytes);
    text += String.fromCharCode(byte);
  }
  return text;
}
