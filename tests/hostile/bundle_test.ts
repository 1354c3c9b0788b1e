/**
 * Hostile bundles, run as users run Stratos (`stratos start <bundle>`): zip bombs of 2 GiB and
 * more, honest ones (their directory declares the sizes) and lying ones (it declares little),
 * with one huge entry or thousands of entries. Each is refused at start with an error naming the
 * entry and the limit, exit status 1 and no stack trace, within a time bound, while the
 * process's peak resident memory (VmHWM) stays under 600 MB. A real bundle with 600 MiB of
 * static files starts and serves within the same memory, and the limits can be raised.
 *
 * The bombs are built here with tests/support/crafted_zip.ts, which writes the deflate stream of
 * 2 GiB of zeros (13.5 MB) directly, never holding the zeros themselves.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { buildBundle } from "../../scripts/build/mod.ts";
import {
  type CraftedEntry,
  craftZip,
  deflatedEntry,
  deflatedZeros,
} from "../support/crafted_zip.ts";
import { measuredRun, peakMB } from "../support/peak_memory.ts";
import { startStratos } from "../support/stratos_process.ts";

const HELLO = new URL("../../examples/hello", import.meta.url).pathname;
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** Peak resident memory a refused bomb may cost the Stratos process. */
const PEAK_LIMIT_MB = 600;
/** Generous bound on a refused start (Deno start-up included) on a loaded machine. */
const TIME_LIMIT_MS = 60_000;

/** The entries of examples/hello's real bundle, as honest crafted entries. */
const hello: CraftedEntry[] = Object.entries(unzipSync(await buildBundle(HELLO))).map((
  [name, bytes],
) => deflatedEntry(name, bytes));
const zeros2GiB = deflatedZeros(2 * GIB);
const zeros1MiB = deflatedZeros(MIB);

/** Writes a bundle of `entries` as `runnables.wasm.zip` into a new temp folder. */
async function writeBundle(entries: CraftedEntry[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-bomb-" });
  const path = join(dir, "runnables.wasm.zip");
  await Deno.writeFile(path, craftZip(entries));
  return path;
}

/** Starts Stratos on the bundle made of `entries`; asserts it is refused with `message`. */
async function assertRefused(
  entries: CraftedEntry[],
  code: string,
  message: RegExp,
): Promise<void> {
  const path = await writeBundle(entries);
  try {
    const run = await measuredRun(["start", path, "--port", "0", "--workers", "1"]);
    console.log(
      `  peak ${run.peakMB.toFixed(0)} MB, ${run.ms.toFixed(0)} ms: ${run.stderr.trim()}`,
    );
    assert.equal(run.code, 1, run.stderr);
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.match(run.stderr, new RegExp(`^error\\[${code}\\]: bundle ${escaped}: `));
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    assert.ok(run.peakMB < PEAK_LIMIT_MB, `peak resident memory ${run.peakMB} MB`);
    assert.ok(run.ms < TIME_LIMIT_MS, `refused after ${run.ms} ms`);
  } finally {
    await Deno.remove(join(path, ".."), { recursive: true });
  }
}

Deno.test("hostile bundle - one honest 2 GiB entry is refused by the per-entry limit", async () => {
  await assertRefused(
    [...hello, { name: "static/zeros.bin", ...zeros2GiB }],
    "STRATOS_ERR_BUNDLE_LIMIT",
    new RegExp(
      `entry 'static/zeros\\.bin' declares ${zeros2GiB.size} bytes uncompressed, more than the ` +
        "limit of 256 MiB per entry \\(raise it with --bundle-max-entry-mib or " +
        "STRATOS_BUNDLE_MAX_ENTRY_MIB\\)\n$",
    ),
  );
});

Deno.test("hostile bundle - 2048 honest 1 MiB entries are refused by the total limit", async () => {
  const bomb = Array.from({ length: 2048 }, (_, i) => ({ name: `static/z${i}.bin`, ...zeros1MiB }));
  await assertRefused(
    [...hello, ...bomb],
    "STRATOS_ERR_BUNDLE_LIMIT",
    /with entry 'static\/z\d+\.bin' the entries declare \d+ bytes uncompressed, more than the limit of 1024 MiB in all \(raise it with --bundle-max-total-mib/,
  );
});

Deno.test("hostile bundle - 10001 tiny entries are refused by the entries limit", async () => {
  const tiny = deflatedEntry("x", "x");
  const many = Array.from({ length: 10_001 }, (_, i) => ({ ...tiny, name: `static/t${i}` }));
  await assertRefused(
    [...hello, ...many],
    "STRATOS_ERR_BUNDLE_LIMIT",
    new RegExp(`it has ${hello.length + 10_001} entries, more than the limit of 10000 \\(raise`),
  );
});

Deno.test("hostile bundle - a 2 GiB static entry whose header says 1000 bytes is refused", async () => {
  await assertRefused(
    [...hello, { name: "static/zeros.bin", data: zeros2GiB.data, size: 1000 }],
    "STRATOS_ERR_BUNDLE_INVALID",
    /entry 'static\/zeros\.bin' inflates to more than the 1000 bytes its header declares \(a corrupt or crafted bundle\)\n$/,
  );
});

Deno.test("hostile bundle - a 2 GiB module whose header says 200 MiB stops at 200 MiB", async () => {
  const rest = hello.filter((entry) => entry.name !== "hello.wasm");
  await assertRefused(
    [...rest, { name: "hello.wasm", data: zeros2GiB.data, size: 200 * MIB }],
    "STRATOS_ERR_BUNDLE_INVALID",
    /entry 'hello\.wasm' inflates to more than the 209715200 bytes its header declares/,
  );
});

Deno.test("hostile bundle - 2048 entries of 1 MiB each saying 100 bytes are refused", async () => {
  const bomb = Array.from({ length: 2048 }, (_, i) => ({
    name: `static/z${i}.bin`,
    data: zeros1MiB.data,
    size: 100,
  }));
  await assertRefused(
    [...hello, ...bomb],
    "STRATOS_ERR_BUNDLE_INVALID",
    /entry 'static\/z0\.bin' inflates to more than the 100 bytes its header declares/,
  );
});

Deno.test("hostile bundle - a real bundle with 600 MiB of static files starts within the memory bound", async () => {
  const zeros100MiB = deflatedZeros(100 * MIB);
  const large = new Uint8Array(2 * MIB).map((_, i) => (i * 7) % 256);
  const path = await writeBundle([
    ...hello,
    ...Array.from({ length: 6 }, (_, i) => ({ name: `static/big${i}.bin`, ...zeros100MiB })),
    deflatedEntry("static/large.bin", large),
  ]);
  const proc = await startStratos(path, {}, ["--workers", "1"]);
  try {
    const small = await fetch(`${proc.url}/file/hello.txt`);
    assert.equal(small.status, 200);
    assert.equal(await small.text(), "Hello from Stratos!\n");
    for (let i = 0; i < 3; i++) {
      const read = await fetch(`${proc.url}/file/large.bin`);
      assert.equal(read.status, 200);
      assert.deepEqual(new Uint8Array(await read.arrayBuffer()), large);
    }
    const peak = peakMB(proc.pid);
    console.log(`  peak ${peak.toFixed(0)} MB with 602 MiB of static files`);
    assert.ok(peak < PEAK_LIMIT_MB, `peak resident memory ${peak} MB`);
  } finally {
    await proc.stop();
    await Deno.remove(join(path, ".."), { recursive: true });
  }
});

Deno.test("hostile bundle - the environment raises a limit, a flag lowers it again", async () => {
  const tiny = deflatedEntry("x", "x");
  const many = Array.from({ length: 10_001 }, (_, i) => ({ ...tiny, name: `static/t${i}` }));
  const path = await writeBundle([...hello, ...many]);
  const raised = { STRATOS_BUNDLE_MAX_ENTRIES: "20000" };
  try {
    const proc = await startStratos(path, raised, ["--workers", "1"]);
    try {
      const file = await fetch(`${proc.url}/file/t10000`);
      assert.equal(file.status, 200);
      assert.equal(await file.text(), "x");
    } finally {
      await proc.stop();
    }
    const lowered = await measuredRun(["start", path, "--bundle-max-entries", "100"], raised);
    assert.equal(lowered.code, 1, lowered.stderr);
    assert.match(lowered.stderr, /more than the limit of 100 \(raise it with --bundle-max-entries/);
  } finally {
    await Deno.remove(join(path, ".."), { recursive: true });
  }
});
