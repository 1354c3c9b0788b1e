/**
 * Self-describing values for the cache's concurrency tests: a header (writer, sequence number,
 * key, length) and a body every byte of which follows from the header, so a reader can tell a
 * value that was written whole from a torn or mixed one.
 *
 * @module
 */

const HEADER = 16;

function body(writer: number, seq: number, key: number, i: number): number {
  return (writer * 131 + seq * 31 + key * 17 + i * 7 + (i >> 8)) & 255;
}

/** The value `writer` sets as its `seq`-th, for key number `key`, `length` ≥ 16 bytes long. */
export function makeValue(writer: number, seq: number, key: number, length: number): Uint8Array {
  const value = new Uint8Array(length);
  const view = new DataView(value.buffer);
  view.setUint32(0, writer);
  view.setUint32(4, seq);
  view.setUint32(8, key);
  view.setUint32(12, length);
  for (let i = HEADER; i < length; i++) value[i] = body(writer, seq, key, i);
  return value;
}

/** Who wrote `value` read under key number `key`, or what is wrong with it. */
export function checkValue(
  value: Uint8Array,
  key: number,
): { writer: number; seq: number } | string {
  if (value.length < HEADER) return `${value.length} bytes: shorter than a header`;
  const view = new DataView(value.buffer, value.byteOffset, value.length);
  const [writer, seq, forKey, length] = [0, 4, 8, 12].map((at) => view.getUint32(at));
  if (forKey !== key) return `read under key ${key}, written for key ${forKey}`;
  if (length !== value.length) return `header says ${length} bytes, read ${value.length}`;
  for (let i = HEADER; i < length; i++) {
    if (value[i] !== body(writer, seq, key, i)) {
      return `writer ${writer} seq ${seq}: byte ${i} of ${length} is not the one written`;
    }
  }
  return { writer, seq };
}
