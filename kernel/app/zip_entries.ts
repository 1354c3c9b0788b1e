/**
 * The entries of a zip archive as its central directory declares them, read without inflating
 * anything: names, methods, sizes and where each entry's data lies. Every offset is checked
 * against the archive's bounds, so a crafted directory fails here with a clear message.
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/** One entry of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  /** Entry name (UTF-8). */
  readonly name: string;
  /** Compression method: 0 stored, 8 deflate (others are refused). */
  readonly method: number;
  /** Uncompressed size the directory declares (it may lie; the inflater checks). */
  readonly size: number;
  /** The entry's data as stored in the archive (a view, not a copy). */
  readonly data: Uint8Array;
}

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const decoder = new TextDecoder();

/** Fails reading the archive at `location`. */
function invalid(location: string, what: string): never {
  throw new StratosError("STRATOS_ERR_BUNDLE_INVALID", `cannot read bundle ${location}: ${what}`);
}

/** Finds the end-of-central-directory record: the last signature whose comment fits. */
function findEnd(view: DataView): number {
  const last = view.byteLength - END_SIZE;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (
      view.getUint32(at, true) === END_SIGNATURE &&
      at + END_SIZE + view.getUint16(at + 20, true) <= view.byteLength
    ) {
      return at;
    }
  }
  return -1;
}

/**
 * The entries of the zip archive `archive`; `location` names it in messages.
 * @throws StratosError `STRATOS_ERR_BUNDLE_INVALID` when the archive is not a readable zip
 */
export function zipEntries(location: string, archive: Uint8Array): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const end = findEnd(view);
  if (end < 0) invalid(location, "no zip end-of-central-directory record found");
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    invalid(location, "zip64 archives are not supported (bundles hold fewer than 65,535 entries)");
  }
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0) {
    invalid(location, "archives split over several disks are not supported");
  }
  if (offset + size > end) {
    invalid(
      location,
      `the central directory (${size} bytes at ${offset}) overlaps its end record at ${end}`,
    );
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > offset + size || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      invalid(location, `central directory record ${i + 1} of ${count} is missing or cut short`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const next = at + CENTRAL_SIZE + nameLength + view.getUint16(at + 30, true) +
      view.getUint16(at + 32, true);
    if (next > offset + size) {
      invalid(location, `central directory record ${i + 1} of ${count} runs past the directory`);
    }
    const name = decoder.decode(
      archive.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength),
    );
    if (view.getUint16(at + 8, true) & 1) invalid(location, `entry '${name}' is encrypted`);
    const method = view.getUint16(at + 10, true);
    if (method !== 0 && method !== 8) {
      invalid(
        location,
        `entry '${name}' uses compression method ${method} (expected 0 stored or 8 deflate)`,
      );
    }
    const stored = view.getUint32(at + 20, true);
    const local = view.getUint32(at + 42, true);
    if (local + LOCAL_SIZE > offset || view.getUint32(local, true) !== LOCAL_SIGNATURE) {
      invalid(location, `entry '${name}' has no local header at offset ${local}`);
    }
    const start = local + LOCAL_SIZE + view.getUint16(local + 26, true) +
      view.getUint16(local + 28, true);
    if (start + stored > offset) {
      invalid(
        location,
        `entry '${name}' claims ${stored} stored bytes at ${start}, past the data area (${offset} bytes)`,
      );
    }
    entries.push({
      name,
      method,
      size: view.getUint32(at + 24, true),
      data: archive.subarray(start, start + stored),
    });
    at = next;
  }
  return entries;
}
