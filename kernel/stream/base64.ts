/**
 * Standard base64 decoding (Go's `encoding/json` encodes `[]byte` this way).
 *
 * @module
 */

/** Decodes standard base64, or returns `undefined` if `text` is not valid base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
