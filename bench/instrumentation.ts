/**
 * The cost of the load-time instrumentation (`kernel/wasm/instrument/`: a budget spent at function
 * entries, loop iterations and per KiB of bulk memory, and a tick when it runs out): the same
 * modules invoked in-process through the Wasm runner, compiled as they are and instrumented,
 * alternating rounds. The hello Runnables in AssemblyScript, Rust and Go show what a typical
 * handler pays; two hand-written guests show the worst cases, a recursion that is nothing but
 * calls and a loop that is nothing but iterations.
 *
 * @module
 */

import { logMsg } from "../capabilities/log/mod.ts";
import { requestFunctions } from "../capabilities/request/mod.ts";
import { respSetHeader } from "../capabilities/response/mod.ts";
import { defaultCapabilities } from "../kernel/directive/mod.ts";
import { createLogger } from "../kernel/log.ts";
import { CoordinatedRequest } from "../kernel/request/request.ts";
import { compileBytes } from "../kernel/wasm/module.ts";
import { HostFunctionRegistry } from "../kernel/wasm/registry.ts";
import { type LoadedModule, WasmRunner } from "../kernel/wasm/runner.ts";
import { wat } from "../scripts/build/wat.ts";
import { type BenchResult, machine, markdownTable, median, today } from "./report.ts";

const ROOT = new URL("../", import.meta.url);

/** A guest whose `run_e` does `work` and returns one byte. */
function guest(fields: string, work: string): string {
  return `(module
  (import "env" "return_result" (func $result (param i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  ${fields}
  (func (export "run_e") (param i32 i32) (param $ident i32) ${work}
    (call $result (i32.const 0) (i32.const 1) (local.get $ident))))`;
}

/** The modules measured: a name, how to get the bytes, and invocations per round. */
const CASES: { name: string; bytes: () => Promise<Uint8Array>; calls: number }[] = [
  {
    name: "hello (AssemblyScript)",
    bytes: () => file("examples/hello/hello/hello.wasm"),
    calls: 100_000,
  },
  { name: "hello (Rust)", bytes: () => file("examples/rust/hello/hello.wasm"), calls: 100_000 },
  { name: "hello (Go)", bytes: () => file("examples/go/hello/hello.wasm"), calls: 20_000 },
  {
    name: "recursion: fib(20), 21,891 calls",
    bytes: () =>
      wat(guest(
        `(func $fib (param i32) (result i32)
          (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                           (call $fib (i32.sub (local.get 0) (i32.const 2)))))))`,
        "(drop (call $fib (i32.const 20)))",
      )),
    calls: 2_000,
  },
  {
    name: "empty loop, 100,000 iterations",
    bytes: () =>
      wat(guest(
        "",
        `(local $i i32) (local.set $i (i32.const 100000))
        (loop $l (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))`,
      )),
    calls: 2_000,
  },
];

function file(path: string): Promise<Uint8Array> {
  return Deno.readFile(new URL(path, ROOT));
}

/** A runner with the host functions the hello Runnables import. */
function runner(): WasmRunner {
  const capabilities = defaultCapabilities();
  const registry = new HostFunctionRegistry();
  const handler = capabilities.requestHandler;
  for (
    const fn of [
      logMsg(true),
      respSetHeader(true),
      ...requestFunctions(handler),
    ]
  ) registry.register(fn, "bench");
  return new WasmRunner({ registry, capabilities, log: createLogger({ level: "off" }) });
}

/** Microseconds per invocation over `calls` invocations. */
async function measure(run: WasmRunner, module: LoadedModule, calls: number): Promise<number> {
  const body = new TextEncoder().encode("world");
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const request = new CoordinatedRequest({ method: "POST", url: "/hello", id: "r", body });
    const result = run.invoke(module, request, new Map());
    const done = result instanceof Promise ? await result : result;
    if (done.failure) throw new Error(done.failure);
  }
  return (performance.now() - started) * 1000 / calls;
}

/** Runs the benchmark: per module, µs per invocation as compiled and instrumented. */
export async function benchInstrumentation(rounds = 5): Promise<BenchResult> {
  const rows: (string | number)[][] = [];
  const ratios: number[] = [];
  for (const spec of CASES) {
    const bytes = await spec.bytes();
    const run = runner();
    const load = async (interruptible: boolean) =>
      await run.load(
        { name: spec.name, fqfn: `${spec.name}${interruptible}` },
        await compileBytes(spec.name, bytes, { interruptible }),
      );
    const plain = await load(false);
    const instrumented = await load(true);
    await measure(run, plain, spec.calls / 10); // warm up both
    await measure(run, instrumented, spec.calls / 10);
    const times = { plain: [] as number[], instrumented: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.plain.push(await measure(run, plain, spec.calls));
      times.instrumented.push(await measure(run, instrumented, spec.calls));
    }
    const a = median(times.plain);
    const b = median(times.instrumented);
    ratios.push(a / b);
    rows.push([spec.name, a.toFixed(2), b.toFixed(2), `${((b / a - 1) * 100).toFixed(1)}%`]);
  }
  const table = [
    `${today()}, ${machine()}; in-process invocations through the Wasm runner, medians of ${rounds} alternating rounds.`,
    "",
    markdownTable(["module", "µs per call, as compiled", "µs, instrumented", "cost"], rows),
  ].join("\n");
  return { table, ratio: median(ratios) };
}

if (import.meta.main) console.log((await benchInstrumentation()).table);
