/**
 * Out-of-bounds pointers and sizes in every host function: the invocation fails naming the
 * function, the host survives, and the next invocation of the same module runs on a fresh
 * instance.
 */

import assert from "node:assert/strict";
import {
  type Arg,
  emit,
  exec,
  expectFailure,
  FLUSH,
  Guest,
  Harness,
  host,
  MEMORY_BYTES,
  Out,
} from "./harness.ts";

/** A (ptr, size) argument pair the test makes bad in turn. */
const RANGE = Symbol("range");
/** A lone pointer argument (`get_ffi_result`). */
const PTR = Symbol("ptr");
type Slot = Arg | typeof RANGE | typeof PTR;

interface Spec {
  name: string;
  args: Slot[];
  /** Statements run before the bad call. */
  setup?: (g: Guest) => string[];
  async?: boolean;
}

const SPECS: Spec[] = [
  { name: "return_result", args: [RANGE] },
  { name: "return_error", args: [500, RANGE] },
  { name: "return_abort", args: [RANGE, RANGE, 1, 2] },
  {
    name: "get_ffi_result",
    args: [PTR],
    setup: (g) => [exec("request_get_field", 0, g.str("method"))], // pending: "GET"
  },
  { name: "add_ffi_var", args: [RANGE, RANGE] },
  { name: "log_msg", args: [RANGE, 3] },
  { name: "cache_set", args: [RANGE, RANGE, 0] },
  { name: "cache_get", args: [RANGE] },
  { name: "cache_set", args: [RANGE, RANGE, 0], async: true },
  { name: "cache_get", args: [RANGE], async: true },
  { name: "request_get_field", args: [0, RANGE] },
  { name: "request_set_field", args: [4, RANGE, RANGE] },
  { name: "resp_set_header", args: [RANGE, RANGE] },
  { name: "get_static_file", args: [RANGE] },
];

const BAD_RANGES: [string, number, number][] = [
  ["negative pointer", -1, 4],
  ["most negative pointer", -0x80000000, 1],
  ["negative size", 16, -1],
  ["past the end", MEMORY_BYTES - 2, 4],
  ["starting at the end", MEMORY_BYTES, 1],
  ["huge size", 0, 0x7fffffff],
  ["huge pointer", 0x7fffffff, 1],
];

const BAD_POINTERS: [string, number][] = [
  ["negative pointer", -1],
  ["result crossing the end", MEMORY_BYTES - 1],
  ["pointer at the end", MEMORY_BYTES],
  ["huge pointer", 0x7fffffff],
];

/** Every argument list of `spec` with exactly one bad range or pointer, with a label. */
function variants(spec: Spec, g: Guest): [string, string][] {
  const out: [string, string][] = [];
  spec.args.forEach((slot, i) => {
    const bad: [string, Arg][] = slot === RANGE
      ? BAD_RANGES.map(([label, ptr, len]) => [label, `(i32.const ${ptr}) (i32.const ${len})`])
      : slot === PTR
      ? BAD_POINTERS.map(([label, ptr]) => [label, ptr])
      : [];
    for (const [label, value] of bad) {
      const args = spec.args.map((s, j) => j === i ? value : s === RANGE ? g.str("ok") : s);
      out.push([`argument ${i}: ${label}`, exec(spec.name, ...(args as Arg[]))]);
    }
  });
  return out;
}

for (const spec of SPECS) {
  const title = `${spec.name}${spec.async ? " (async, JSPI)" : ""}`;
  Deno.test(`out-of-bounds ${title} - fails naming the function; the next invocation works`, async () => {
    const h = new Harness({ asyncCache: spec.async ?? false });
    const g = new Guest();
    const cases = variants(spec, g);
    // Input length k selects case k; the empty input takes the good path.
    g.run(
      ...cases.map(([, call], k) =>
        `(if (i32.eq (local.get $len) (i32.const ${k + 1})) (then ${
          (spec.setup?.(g) ?? []).join(" ")
        } ${call}))`
      ),
      emit("(global.get $calls)"),
      emit(host("cache_set", g.str("alive"), g.str("yes"), 0)),
      FLUSH,
    );
    const mod = await h.load(g);
    assert.equal(mod.suspends, spec.async ?? false);
    for (const [k, [label]] of cases.entries()) {
      const failed = await h.invoke(mod, { body: "x".repeat(k + 1) });
      try {
        expectFailure(failed, `${spec.name}: guest memory range`, mod.info.name);
      } catch (error) {
        throw new Error(`${title}, ${label}: ${(error as Error).message}`);
      }
      // The same module keeps working, on a fresh instance (its call counter restarts at 1).
      const out = Out.of(await h.invoke(mod));
      assert.deepEqual([out.i32(), out.i32()], [1, 0], `${title}, ${label}`);
      out.end();
    }
    assert.ok(cases.length >= 4);
    const stats = h.runner.stats().get(mod.info.fqfn)!;
    assert.equal(stats.failures, cases.length);
    assert.equal(stats.invocations, cases.length * 2);
    assert.equal(stats.busy, 0);
    assert.ok(stats.instances <= 1, `instances: ${stats.instances}`);
  });
}

Deno.test("out-of-bounds - the failure is logged as a warning with the module", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(g.run(exec("return_result", -5, 3)));
  expectFailure(result, "return_result");
  const warnings = h.logs().filter((l) => l.msg === "invocation failed");
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].level, "warn");
  assert.match(String(warnings[0].error), /return_result/);
});
