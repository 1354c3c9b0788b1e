// Entry point of the Runnable: exports run_e/allocate/deallocate and hands each invocation to
// run() in lib.ts. Identical in every AssemblyScript Runnable; edit lib.ts instead.
import { handle } from "../../../../../sdk/assemblyscript/assembly";
import { run } from "./lib";

export { allocate, deallocate } from "../../../../../sdk/assemblyscript/assembly";

export function run_e(ptr: usize, size: usize, ident: i32): void {
  handle(ptr, size, ident, run);
}
