/**
 * Inflating one zip entry without trusting its declared size: the compressed bytes are fed to
 * fflate's streaming inflater a slice at a time, the real output is counted as it comes, and the
 * entry is refused as soon as it passes the size its directory declares (which the bundle limits
 * already bound). So a lying header costs at most one slice's output, never the whole bomb.
 *
 * @module
 */

import { Inflate } from "fflate";
import { StratosError } from "../errors.ts";
import type { ZipEntry } from "./zip_entries.ts";

/**
 * Compressed bytes fed to the inflater at once. Deflate expands at most about 1032 times, so one
 * slice yields at most about 8 MiB.
 */
const SLICE = 8 * 1024;

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

/** The inflated bytes of `entry` (a view into the archive when it is stored). */
export function entryBytes(location: string, entry: ZipEntry): Uint8Array {
  if (entry.method === 0) {
    checkEntry(location, entry);
    return entry.data;
  }
  const bytes = new Uint8Array(entry.size);
  let at = 0;
  inflateEntry(location, entry, (chunk) => {
    bytes.set(chunk, at);
    at += chunk.length;
  });
  return bytes;
}

/** Inflates `entry` only to check it, keeping none of its output. */
export function checkEntry(location: string, entry: ZipEntry): void {
  inflateEntry(location, entry, () => {});
}
