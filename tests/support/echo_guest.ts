/**
 * Test support for stream handlers with a `delivery:` block: a hand-written Runnable that
 * answers its input unchanged after a fixed amount of work, and traps on a poison message (an
 * input starting with `pois`); and the block as Directive lines.
 *
 * @module
 */

import { wat } from "../../scripts/build/wat.ts";

/** The Runnable's name (its module is `echo.wasm`). */
export const ECHO = "echo";

/**
 * `run_e` counts to `spins` (work that takes a few milliseconds, so that messages are in flight
 * for a while), then traps if the input starts with `pois`, else returns the input.
 */
function echoWat(spins: number): string {
  return `(module
  (import "env" "return_result" (func $result (param i32 i32 i32)))
  (memory (export "memory") 2)
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  (func (export "run_e") (param $ptr i32) (param $size i32) (param $ident i32)
    (local $n i32)
    (loop $work
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $work (i32.lt_u (local.get $n) (i32.const ${spins}))))
    (if (i32.and (i32.ge_u (local.get $size) (i32.const 4))
                 (i32.eq (i32.load (local.get $ptr)) (i32.const 0x73696f70)))
      (then unreachable))
    (call $result (local.get $ptr) (local.get $size) (local.get $ident))))`;
}

/** Writes `echo.wasm` into the app folder `dir`; `spins` sets how long each message takes. */
export async function writeEcho(dir: string, spins = 0): Promise<void> {
  await Deno.writeFile(`${dir}/${ECHO}.wasm`, await wat(echoWat(spins), "echo.wat"));
}

/** A handler's `delivery:` block, as it is written in YAML. */
export type DeliverySpec = Record<string, string | number>;

/** The Directive lines of a `delivery:` block of a handler (indented under `  - type: ...`). */
export function deliveryLines(delivery: DeliverySpec | undefined): string[] {
  if (!delivery) return [];
  return [
    "    delivery:",
    ...Object.entries(delivery).map(([key, value]) => `      ${key}: ${value}`),
  ];
}
