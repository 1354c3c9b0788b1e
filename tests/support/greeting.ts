/**
 * Test support: a hand-written Runnable answering `<greeting> <body>`, for tests that swap one
 * version of a module for another.
 *
 * @module
 */

import { wat } from "../../scripts/build/wat.ts";

/** A Runnable whose answer is `greeting` + space + the body. */
export function greetingModule(greeting: string): Promise<Uint8Array<ArrayBuffer>> {
  const prefix = `${greeting} `;
  const at = 1024 - prefix.length;
  return wat(`(module
  (import "env" "return_result" (func $result (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const ${at}) "${prefix}")
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  (func (export "run_e") (param $ptr i32) (param $size i32) (param $ident i32)
    (call $result (i32.const ${at}) (i32.add (local.get $size) (i32.const ${prefix.length}))
      (local.get $ident))))`);
}
