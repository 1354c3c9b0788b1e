/**
 * Test support: hand-written hostile Runnables (WAT) and an app serving each at `POST /<name>`
 * next to examples/hello's `POST /hello`: computations that never end without a loop (recursion,
 * tail calls, calls through a table), one that tries to catch its own stop, bulk memory work in a
 * loop, a log flood, and guests growing their memory and tables.
 *
 * @module
 */

import { wat } from "../../scripts/build/wat.ts";
import { spinApp } from "./spin_app.ts";

/** The Runnable ABI's exports, around `body` (the text of `run_e`'s body and other fields). */
function runnable(fields: string, body: string): string {
  return `(module
  (import "env" "log_msg" (func $log (param i32 i32 i32 i32)))
  (import "env" "return_result" (func $result (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "x")
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  ${fields}
  (func (export "run_e") (param $ptr i32) (param $size i32) (param $ident i32)
    ${body}
    (call $result (i32.const 0) (i32.const 1) (local.get $ident))))`;
}

const FIB = `(func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))`;

/** Hostile Runnables by name. */
export const HOSTILE: Record<string, string> = {
  // fib(80): exponential recursion, never deeper than 80 frames, no loop anywhere
  recurse: runnable(FIB, `(drop (call $fib (i32.const 80)))`),
  // an endless chain of tail calls: no loop, no stack growth
  tailcall: runnable(
    `(func $t (param i32) (result i32) (return_call $t (i32.add (local.get 0) (i32.const 1))))`,
    `(drop (call $t (i32.const 0)))`,
  ),
  // two functions tail-calling each other through a table
  indirect: runnable(
    `(type $f (func (param i32) (result i32)))
  (table 2 funcref) (elem (i32.const 0) $a $b)
  (func $a (param i32) (result i32) (return_call_indirect (type $f) (local.get 0) (i32.const 1)))
  (func $b (param i32) (result i32) (return_call_indirect (type $f) (local.get 0) (i32.const 0)))`,
    `(drop (call $a (i32.const 0)))`,
  ),
  // catches whatever is thrown at it and starts again
  catcher: runnable(
    FIB,
    `(loop $again (try (do (drop (call $fib (i32.const 80)))) (catch_all)) (br $again))`,
  ),
  // memory.fill of its whole memory, forever
  fill: runnable(
    "",
    `(loop $l (memory.fill (i32.const 0) (i32.const 7) (i32.const 65536)) (br $l))`,
  ),
  // a million log lines
  flood: runnable(
    "(global $n (mut i32) (i32.const 0))",
    `(loop $l
      (call $log (i32.const 0) (i32.const 1) (i32.const 3) (local.get $ident))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br_if $l (i32.lt_u (global.get $n) (i32.const 1000000))))
    (global.set $n (i32.const 0))`,
  ),
  // grows a table by 10,000 elements until it cannot
  tables: runnable(
    "(table $t 1 funcref)",
    `(block $full (loop $l
      (br_if $full (i32.eq (table.grow $t (ref.null func) (i32.const 10000)) (i32.const -1)))
      (br $l)))`,
  ),
  // grows its memory page by page until it cannot, touching every page
  memory: runnable(
    "",
    `(block $full (loop $l
      (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
      (memory.fill (i32.mul (i32.sub (memory.size) (i32.const 1)) (i32.const 65536))
        (i32.const 1) (i32.const 65536))
      (br $l)))`,
  ),
};

/** Names of the hostile Runnables. */
export type HostileName = keyof typeof HOSTILE;

/**
 * Writes an app serving each of `names` at `POST /<name>` and examples/hello's `POST /hello`
 * (and the endless loop of spin_app.ts at `POST /spin`).
 * @returns the app's folder
 */
export async function hostileApp(names: HostileName[]): Promise<string> {
  const handlers = names.map((name) =>
    `  - type: request
    resource: /${name}
    method: POST
    steps:
      - fn: ${name}`
  ).join("\n");
  const dir = await spinApp(handlers);
  for (const name of names) {
    await Deno.writeFile(`${dir}/${name}.wasm`, await wat(HOSTILE[name], `${name}.wat`));
  }
  return dir;
}
