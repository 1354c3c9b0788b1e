import assert from "node:assert/strict";
import { zipSync } from "fflate";
import { zipEntries } from "./zip_entries.ts";
import { stratosError } from "../../tests/support/errors.ts";
import { craftZip, deflatedEntry } from "../../tests/support/crafted_zip.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function refused(archive: Uint8Array, message: RegExp): void {
  assert.throws(
    () => zipEntries("x.wasm.zip", archive),
    stratosError("STRATOS_ERR_BUNDLE_INVALID", message),
  );
}

/** `archive` with the 32-bit value at `offset` replaced. */
function patched(archive: Uint8Array, offset: number, value: number, bytes = 4): Uint8Array {
  const copy = archive.slice();
  const view = new DataView(copy.buffer);
  if (bytes === 4) view.setUint32(offset, value, true);
  else view.setUint16(offset, value, true);
  return copy;
}

Deno.test("zipEntries - lists what fflate wrote: names, methods, sizes and stored bytes", () => {
  const archive = zipSync({
    "Directive.yaml": encoder.encode("identifier: x\n"),
    "static/a.txt": [encoder.encode("a".repeat(1000)), { level: 9 }],
    "raw.bin": [encoder.encode("raw"), { level: 0 }],
  });
  const entries = zipEntries("x.wasm.zip", archive);
  assert.deepEqual(entries.map((e) => [e.name, e.method, e.size]), [
    ["Directive.yaml", 8, 14],
    ["static/a.txt", 8, 1000],
    ["raw.bin", 0, 3],
  ]);
  assert.ok(entries[1].data.length < 100, "the deflated data is a view of the compressed bytes");
  assert.equal(decoder.decode(entries[2].data), "raw");
});

Deno.test("zipEntries - finds the end record behind an archive comment", () => {
  const archive = craftZip([deflatedEntry("a.txt", "A")]);
  const comment = encoder.encode("a comment");
  const withComment = new Uint8Array(archive.length + comment.length);
  withComment.set(archive);
  withComment.set(comment, archive.length);
  new DataView(withComment.buffer).setUint16(archive.length - 2, comment.length, true);
  assert.deepEqual(zipEntries("x.wasm.zip", withComment).map((e) => e.name), ["a.txt"]);
});

Deno.test("zipEntries - text that is not a zip has no end record", () => {
  refused(encoder.encode("not a zip"), /^cannot read bundle x\.wasm\.zip: no zip end-of-central/);
  refused(new Uint8Array(0), /no zip end-of-central-directory record/);
});

Deno.test("zipEntries - zip64 markers and multi-disk archives are refused", () => {
  const archive = craftZip([deflatedEntry("a.txt", "A")]);
  const end = archive.length - 22;
  refused(patched(archive, end + 10, 0xffff, 2), /zip64 archives are not supported/);
  refused(patched(archive, end + 16, 0xffffffff), /zip64 archives are not supported/);
  refused(patched(archive, end + 4, 1, 2), /several disks/);
});

Deno.test("zipEntries - a directory that runs past its bounds is refused", () => {
  const archive = craftZip([deflatedEntry("a.txt", "A"), deflatedEntry("b.txt", "B")]);
  const end = archive.length - 22;
  refused(patched(archive, end + 12, 10_000), /overlaps its end record/);
  refused(patched(archive, end + 10, 3, 2), /record 3 of 3 is missing or cut short/);
});

Deno.test("zipEntries - an entry whose data lies outside the data area is refused", () => {
  const archive = craftZip([deflatedEntry("a.txt", "A")]);
  const central = archive.length - 22 - 46 - "a.txt".length;
  refused(patched(archive, central + 42, 7), /entry 'a\.txt' has no local header at offset 7/);
  refused(patched(archive, central + 20, 1_000_000), /'a\.txt' claims 1000000 stored bytes/);
});

Deno.test("zipEntries - methods other than stored and deflate are refused, naming the entry", () => {
  const archive = craftZip([{ name: "a.bz2", data: new Uint8Array(4), size: 4, method: 12 }]);
  refused(archive, /entry 'a\.bz2' uses compression method 12 \(expected 0 stored or 8 deflate\)/);
});

Deno.test("zipEntries - an encrypted entry is refused", () => {
  const archive = craftZip([deflatedEntry("secret.txt", "S")]);
  const central = archive.length - 22 - 46 - "secret.txt".length;
  refused(patched(archive, central + 8, 1, 2), /entry 'secret\.txt' is encrypted/);
});
