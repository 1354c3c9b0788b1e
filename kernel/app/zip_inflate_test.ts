import assert from "node:assert/strict";
import { deflateSync } from "fflate";
import type { ZipEntry } from "./zip_entries.ts";
import { checkEntry, entryBytes } from "./zip_inflate.ts";
import { stratosError } from "../../tests/support/errors.ts";
import { deflatedZeros } from "../../tests/support/crafted_zip.ts";

const encoder = new TextEncoder();

function entry(name: string, data: Uint8Array, size: number, method = 8): ZipEntry {
  return { name, data, size, method };
}

function refused(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, stratosError("STRATOS_ERR_BUNDLE_INVALID", message));
}

Deno.test("entryBytes - inflates an honest entry to its declared size", () => {
  const text = "hello ".repeat(10_000);
  const bytes = entryBytes("b.wasm.zip", entry("a.txt", deflateSync(encoder.encode(text)), 60_000));
  assert.equal(new TextDecoder().decode(bytes), text);
});

Deno.test("entryBytes - a stored entry is its own bytes, with no copy", () => {
  const data = encoder.encode("stored");
  assert.equal(entryBytes("b.wasm.zip", entry("s.txt", data, 6, 0)), data);
});

Deno.test("entryBytes - a stored entry whose sizes differ is refused", () => {
  refused(
    () => entryBytes("b.wasm.zip", entry("s.txt", encoder.encode("stored"), 3, 0)),
    /^bundle b\.wasm\.zip: entry 's\.txt' stores 6 bytes but declares 3 \(a corrupt or crafted/,
  );
});

Deno.test("entryBytes - an entry inflating past its declared size stops at the first slice", () => {
  // The first 64 KiB of a 2 GiB stream: inflating all of it would end in "unexpected EOF",
  // so this message shows the inflater stopped as soon as the output passed 1000 bytes.
  const cut = deflatedZeros(2 ** 31).data.subarray(0, 64 * 1024);
  for (const read of [entryBytes, checkEntry]) {
    refused(
      () => read("b.wasm.zip", entry("static/zeros.bin", cut, 1000)),
      /entry 'static\/zeros\.bin' inflates to more than the 1000 bytes its header declares/,
    );
  }
});

Deno.test("entryBytes - an entry inflating to less than its declared size is refused", () => {
  const zeros = deflatedZeros(5000);
  refused(
    () => checkEntry("b.wasm.zip", entry("z.bin", zeros.data, zeros.size + 1)),
    new RegExp(
      `'z\\.bin' inflates to ${zeros.size} bytes but its header declares ${zeros.size + 1}`,
    ),
  );
});

Deno.test("entryBytes - data that is not deflate is refused, naming the entry", () => {
  refused(
    () => entryBytes("b.wasm.zip", entry("bad.wasm", new Uint8Array([0xff, 0xff, 0xff]), 10)),
    /entry 'bad\.wasm' is not valid deflate data: /,
  );
});
