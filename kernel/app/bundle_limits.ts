/**
 * The limits an Atmo bundle must keep within: how many entries, how large one entry and all of
 * them may be once inflated. They are checked on the bundle file's size and on the sizes its
 * central directory declares, before anything is inflated; the inflater then holds every entry
 * to its declared size, so the real output stays within them too.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import { DEFAULT_OPTIONS, type RuntimeOptions } from "../options.ts";
import type { ZipEntry } from "./zip_entries.ts";

/** Bundle limits in entries and bytes. */
export interface BundleLimits {
  /** Most entries (files and folders). */
  readonly maxEntries: number;
  /** Largest uncompressed size of one entry, in bytes. */
  readonly maxEntryBytes: number;
  /** Largest uncompressed size of all entries together, and of the bundle file, in bytes. */
  readonly maxTotalBytes: number;
}

/** The runtime options that set the bundle limits. */
export type BundleLimitOptions = Pick<
  RuntimeOptions,
  "bundleMaxEntries" | "bundleMaxEntryMiB" | "bundleMaxTotalMiB"
>;

const MIB = 1024 * 1024;

/** The limits the options set. */
export function bundleLimits(options: BundleLimitOptions): BundleLimits {
  return {
    maxEntries: options.bundleMaxEntries,
    maxEntryBytes: options.bundleMaxEntryMiB * MIB,
    maxTotalBytes: options.bundleMaxTotalMiB * MIB,
  };
}

/** The limits of the default options. */
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = bundleLimits(DEFAULT_OPTIONS);

function size(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}

function overLimit(location: string, what: string, flag: string, env: string): never {
  throw new StratosError(
    "STRATOS_ERR_BUNDLE_LIMIT",
    `bundle ${location}: ${what} (raise it with ${flag} or ${env})`,
  );
}

/** Refuses a bundle file of `bytes` bytes past the total limit, before it is read. */
export function checkBundleFile(location: string, bytes: number, limits: BundleLimits): void {
  if (bytes > limits.maxTotalBytes) {
    overLimit(
      location,
      `the file is ${bytes} bytes, more than the limit of ${size(limits.maxTotalBytes)} in all`,
      "--bundle-max-total-mib",
      "STRATOS_BUNDLE_MAX_TOTAL_MIB",
    );
  }
}

/** Refuses `entries` when their number or declared sizes pass `limits`, naming the entry. */
export function checkDeclaredSizes(
  location: string,
  entries: readonly ZipEntry[],
  limits: BundleLimits,
): void {
  if (entries.length > limits.maxEntries) {
    overLimit(
      location,
      `it has ${entries.length} entries, more than the limit of ${limits.maxEntries}`,
      "--bundle-max-entries",
      "STRATOS_BUNDLE_MAX_ENTRIES",
    );
  }
  let total = 0;
  for (const entry of entries) {
    if (entry.size > limits.maxEntryBytes) {
      overLimit(
        location,
        `entry '${entry.name}' declares ${entry.size} bytes uncompressed, more than the limit ` +
          `of ${size(limits.maxEntryBytes)} per entry`,
        "--bundle-max-entry-mib",
        "STRATOS_BUNDLE_MAX_ENTRY_MIB",
      );
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      overLimit(
        location,
        `with entry '${entry.name}' the entries declare ${total} bytes uncompressed, more than ` +
          `the limit of ${size(limits.maxTotalBytes)} in all`,
        "--bundle-max-total-mib",
        "STRATOS_BUNDLE_MAX_TOTAL_MIB",
      );
    }
  }
}
