import assert from "node:assert/strict";

const RECLAIM = new URL("./reclaim.ts", import.meta.url).href;

/**
 * Runs, in a Deno with `v8Flags`, a script that leaves a start's worth of garbage (and a grown
 * young generation) behind, then calls `settleAfterStart`; returns whether it collected and V8's
 * heap before and after, in MB.
 */
async function settleIn(v8Flags: string[]): Promise<
  { collected: boolean; before: number; after: number }
> {
  const script = `
    import { settleAfterStart } from ${JSON.stringify(RECLAIM)};
    let keep = [];
    for (let i = 0; i < 200_000; i++) keep.push({ i, text: "x".repeat(i % 50) });
    keep = [];
    const heap = () => Deno.memoryUsage().heapTotal / 2 ** 20;
    const before = heap();
    const collected = settleAfterStart();
    const after = heap();
    console.log(JSON.stringify({ collected, before, after }));
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", ...v8Flags.map((f) => `--v8-flags=${f}`), script],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.equal(out.code, 0);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("settleAfterStart - with --expose-gc, the garbage a start left is collected and the heap shrinks", async () => {
  const { collected, before, after } = await settleIn(["--expose-gc"]);
  assert.equal(collected, true);
  assert.ok(after < before - 2, `heap ${before.toFixed(1)} MB -> ${after.toFixed(1)} MB`);
});

Deno.test("settleAfterStart - without --expose-gc, nothing is collected", async () => {
  const { collected, before, after } = await settleIn([]);
  assert.equal(collected, false);
  assert.ok(after >= before - 0.5, `heap ${before.toFixed(1)} MB -> ${after.toFixed(1)} MB`);
});
