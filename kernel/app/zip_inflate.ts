/**
 * Inflating one zip entry without trusting its declared size: the compressed bytes are fed to
 * fflate's streaming inflater a slice at a time, the real output is counted as it comes, and the
 * entry is refused as soon as it passes the size its directory declares (which the bundle limits
 * already bound). So a lying header costs at most one slice's output, never the whole bomb.
 *
 * @module
 */

import { Inflate, inflateSync } from "fflate";
import { StratosError } from "../errors.ts";
import type { ZipEntry } from "./zip_entries.ts";

/**
 * Compressed bytes fed to the inflater at once. Deflate expands at most about 1032 times, so one
 * slice yields at most about 4 MiB; smaller slices leave less garbage behind each step (lower
 * peak memory), larger ones copy the 32 KiB window less often (faster on ordinary data).
 */
const SLICE = 4 * 1024;

function invalid(location: string, entry: ZipEntry, what: string): never {
  throw new StratosError(
    "STRATOS_ERR_BUNDLE_INVALID",
    `bundle ${location}: entry '${entry.name}' ${what} (a corrupt or crafted bundle)`,
  );
}

/**
 * Inflates `entry`, handing each chunk of output to `sink` in order.
 * @throws StratosError `STRATOS_ERR_BUNDLE_INVALID` when the data is not valid deflate or does
 * not inflate to exactly the declared size (stopping as soon as it passes it)
 */
function inflateEntry(location: string, entry: ZipEntry, sink: (chunk: Uint8Array) => void): void {
  if (entry.method === 0) {
    if (entry.data.length !== entry.size) {
      invalid(location, entry, `stores ${entry.data.length} bytes but declares ${entry.size}`);
    }
    sink(entry.data);
    return;
  }
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > entry.size) {
      invalid(location, entry, `inflates to more than the ${entry.size} bytes its header declares`);
    }
    sink(chunk);
  });
  try {
    const data = entry.data;
    if (data.length === 0) inflater.push(data, true);
    for (let at = 0; at < data.length; at += SLICE) {
      inflater.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
    }
  } catch (error) {
    if (error instanceof StratosError) throw error;
    invalid(
      location,
      entry,
      `is not valid deflate data: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (produced !== entry.size) {
    invalid(location, entry, `inflates to ${produced} bytes but its header declares ${entry.size}`);
  }
}

/**
 * The inflated bytes of `entry` (a view into the archive when it is stored). The entry is first
 * checked without keeping its output, then inflated once more straight into a buffer of its
 * now-proven size: streaming into the buffer instead leaves several times its size in garbage
 * chunks behind, which a 200 MiB module turned into 600 MB of peak memory.
 */
export function entryBytes(location: string, entry: ZipEntry): Uint8Array {
  checkEntry(location, entry);
  return checkedEntryBytes(entry);
}

/**
 * The inflated bytes of an entry {@link checkEntry} already accepted (its compressed bytes do
 * not change), so the check is not repeated: for static files inflated on each read.
 */
export function checkedEntryBytes(entry: ZipEntry): Uint8Array {
  return entry.method === 0
    ? entry.data
    : inflateSync(entry.data, { out: new Uint8Array(entry.size) });
}

/** Inflates `entry` only to check it, keeping none of its output. */
export function checkEntry(location: string, entry: ZipEntry): void {
  inflateEntry(location, entry, () => {});
}
