/**
 * Test support: zip archives written by hand, so a test can make them say what a real tool never
 * would: duplicate names, sizes that lie, entries sharing one huge deflate stream. Also a deflate
 * stream of zeros of any length, built without ever holding its inflated bytes.
 *
 * The CRC-32 fields are left 0: the bundle reader does not check them.
 *
 * @module
 */

import { deflateSync } from "fflate";

/** One entry of a crafted zip. */
export interface CraftedEntry {
  /** Entry name, as written in both headers. */
  name: string;
  /** The bytes stored for the entry (raw deflate data when `method` is 8). */
  data: Uint8Array;
  /** Uncompressed size written in the headers; may lie. */
  size: number;
  /** Compression method: 0 stored, 8 deflate. @default 8 */
  method?: number;
}

const encoder = new TextEncoder();

/** An honest deflated entry holding `content`. */
export function deflatedEntry(name: string, content: string | Uint8Array): CraftedEntry {
  const bytes = typeof content === "string" ? encoder.encode(content) : content;
  return { name, data: deflateSync(bytes), size: bytes.length };
}

/** Writes `entries` as a zip archive: local headers and data, central directory, end record. */
export function craftZip(entries: readonly CraftedEntry[]): Uint8Array {
  const names = entries.map((entry) => encoder.encode(entry.name));
  const localSize = entries.reduce((sum, e, i) => sum + 30 + names[i].length + e.data.length, 0);
  const centralSize = names.reduce((sum, name) => sum + 46 + name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  entries.forEach((entry, i) => {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 8, entry.method ?? 8, true);
    view.setUint32(at + 18, entry.data.length, true);
    view.setUint32(at + 22, entry.size, true);
    view.setUint16(at + 26, names[i].length, true);
    out.set(names[i], at + 30);
    out.set(entry.data, at + 30 + names[i].length);
    at += 30 + names[i].length + entry.data.length;
  });
  const central = at;
  entries.forEach((entry, i) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 10, entry.method ?? 8, true);
    view.setUint32(at + 20, entry.data.length, true);
    view.setUint32(at + 24, entry.size, true);
    view.setUint16(at + 28, names[i].length, true);
    view.setUint32(at + 42, offsets[i], true);
    out.set(names[i], at + 46);
    at += 46 + names[i].length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}

/** A Huffman code as deflate packs it: most significant bit first, so reversed. */
function huffman(value: number, count: number): number {
  let reversed = 0;
  for (let i = 0; i < count; i++) reversed |= ((value >>> i) & 1) << (count - 1 - i);
  return reversed;
}

/** Longest match deflate can copy at once. */
const RUN = 258;

/**
 * A raw deflate stream of at least `atLeast` zero bytes, in one fixed-Huffman block: a literal 0,
 * then copies of 258 bytes at distance 1 (13 bits each), so 2 GiB take about 13.5 MB.
 * @returns the stream and the exact number of bytes it inflates to
 */
export function deflatedZeros(atLeast: number): { data: Uint8Array; size: number } {
  const copies = Math.ceil(Math.max(0, atLeast - 1) / RUN);
  const out = new Uint8Array(Math.ceil((3 + 8 + 13 * copies + 7) / 8));
  let bit = 0;
  /** Writes the low `count` bits of `value`, least significant first. */
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i++, bit++) {
      if ((value >>> i) & 1) out[bit >>> 3] |= 1 << (bit & 7);
    }
  };
  put(1, 1); // last block
  put(1, 2); // fixed Huffman codes
  put(huffman(0x30, 8), 8); // literal 0
  // Length 258 is symbol 285 (8-bit code 0xC5); distance 1 is the 5-bit code 0.
  const copy = huffman(0xc5, 8);
  for (let i = 0; i < copies; i++) put(copy, 13);
  put(huffman(0, 7), 7); // end of block
  return { data: out, size: 1 + RUN * copies };
}
