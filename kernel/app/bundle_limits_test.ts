import assert from "node:assert/strict";
import {
  bundleLimits,
  checkBundleFile,
  checkDeclaredSizes,
  DEFAULT_BUNDLE_LIMITS,
} from "./bundle_limits.ts";
import type { ZipEntry } from "./zip_entries.ts";
import { stratosError } from "../../tests/support/errors.ts";

const LIMITS = { maxEntries: 3, maxEntryBytes: 1000, maxTotalBytes: 1500 };

function entries(...sizes: number[]): ZipEntry[] {
  return sizes.map((size, i) => ({ name: `e${i}`, method: 8, size, data: new Uint8Array() }));
}

function refused(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, stratosError("STRATOS_ERR_BUNDLE_LIMIT", message));
}

Deno.test("bundleLimits - the defaults are 10000 entries, 256 MiB each, 1 GiB in all", () => {
  assert.deepEqual(DEFAULT_BUNDLE_LIMITS, {
    maxEntries: 10_000,
    maxEntryBytes: 256 * 1024 * 1024,
    maxTotalBytes: 1024 * 1024 * 1024,
  });
  assert.deepEqual(
    bundleLimits({ bundleMaxEntries: 5, bundleMaxEntryMiB: 1, bundleMaxTotalMiB: 2 }),
    { maxEntries: 5, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 },
  );
});

Deno.test("checkDeclaredSizes - sizes up to the limits pass", () => {
  checkDeclaredSizes("b.wasm.zip", entries(1000, 500, 0), LIMITS);
});

Deno.test("checkDeclaredSizes - too many entries, naming the limit and how to raise it", () => {
  refused(
    () => checkDeclaredSizes("b.wasm.zip", entries(1, 1, 1, 1), LIMITS),
    /^bundle b\.wasm\.zip: it has 4 entries, more than the limit of 3 \(raise it with --bundle-max-entries or STRATOS_BUNDLE_MAX_ENTRIES\)$/,
  );
});

Deno.test("checkDeclaredSizes - an entry past the per-entry limit is named", () => {
  refused(
    () => checkDeclaredSizes("b.wasm.zip", entries(10, 1001), LIMITS),
    /entry 'e1' declares 1001 bytes uncompressed, more than the limit of 1000 bytes per entry \(raise it with --bundle-max-entry-mib/,
  );
  refused(
    () => checkDeclaredSizes("b.wasm.zip", entries(2 ** 31), DEFAULT_BUNDLE_LIMITS),
    /entry 'e0' declares 2147483648 bytes uncompressed, more than the limit of 256 MiB per entry/,
  );
});

Deno.test("checkDeclaredSizes - the entry that takes the total past its limit is named", () => {
  refused(
    () => checkDeclaredSizes("b.wasm.zip", entries(1000, 500, 1), LIMITS),
    /with entry 'e2' the entries declare 1501 bytes uncompressed, more than the limit of 1500 bytes in all \(raise it with --bundle-max-total-mib or STRATOS_BUNDLE_MAX_TOTAL_MIB\)/,
  );
});

Deno.test("checkBundleFile - a file larger than the total limit is refused before reading", () => {
  checkBundleFile("b.wasm.zip", 1500, LIMITS);
  refused(
    () => checkBundleFile("b.wasm.zip", 2 ** 31, DEFAULT_BUNDLE_LIMITS),
    /^bundle b\.wasm\.zip: the file is 2147483648 bytes, more than the limit of 1024 MiB in all/,
  );
});
