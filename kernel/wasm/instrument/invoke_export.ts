/**
 * One export that runs a whole invocation, so the host makes one call into the guest per
 * invocation instead of three (`allocate`, `run_e`, `deallocate`): under JS Promise Integration
 * each call is a stack switch, and three of them cost about three times one. The added function
 * `__stratos_invoke(size, ident, free)` calls `allocate(size)`, hands the pointer to the host
 * (through the tick table's fill slot) to copy the input in, calls `run_e(ptr, size, ident)`,
 * and `deallocate(ptr, size)` when `free` is not 0. It is added only when the three exports are
 * defined functions with the Runnable ABI's types.
 *
 * @module
 */

import { s32, u32 } from "./leb128.ts";
import type { ModuleLayout } from "./sections.ts";

/** Export name of the function running a whole invocation. */
export const INVOKE_EXPORT = "__stratos_invoke";

const I32 = 0x7f;

/** The Runnable ABI's function types, as their type-section entries. */
const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  allocate: [0x60, 1, I32, 1, I32],
  run_e: [0x60, 3, I32, I32, I32, 0],
  deallocate: [0x60, 2, I32, I32, 0],
};

/** The types the rewriter adds for it: the fill slot's `(ptr, size)` and the export's own. */
export const INVOKE_TYPES: readonly number[] = [0x60, 2, I32, I32, 0, 0x60, 3, I32, I32, I32, 0];

/** The ABI exports' function indices, if all three are defined functions of the ABI's types. */
function abiExports(bytes: Uint8Array, layout: ModuleLayout): Record<string, number> | undefined {
  const found: Record<string, number> = {};
  const imported = layout.importTypes.length;
  for (const [export_, signature] of Object.entries(SIGNATURES)) {
    const index = layout.exportedFunctions.get(export_);
    if (index === undefined || index < imported) return undefined;
    const type = layout.functionTypes[index - imported];
    const span = layout.typeSpans[type];
    if (!span) return undefined;
    const entry = bytes.subarray(span[0], span[1]);
    if (entry.length !== signature.length || entry.some((b, i) => b !== signature[i])) {
      return undefined;
    }
    found[export_] = index;
  }
  return found;
}

/**
 * The body of the added function (its code-section entry, without the size), or undefined when
 * the module's exports do not allow it.
 *
 * @param fillType the added `(i32, i32) -> ()` type
 * @param table the tick table
 * @param fillSlot the tick table's fill slot
 */
export function invokeBody(
  bytes: Uint8Array,
  layout: ModuleLayout,
  fillType: number,
  table: number,
  fillSlot: number,
): number[] | undefined {
  const abi = abiExports(bytes, layout);
  if (!abi) return undefined;
  const [size, ident, free, ptr] = [0, 1, 2, 3];
  return [
    ...[0x01, 0x01, I32], // one local: the pointer
    ...[0x20, size, 0x10, ...u32(abi.allocate), 0x21, ptr], // ptr = allocate(size)
    ...[0x20, ptr, 0x20, size, 0x41, ...s32(fillSlot), 0x11, ...u32(fillType), ...u32(table)],
    ...[0x20, ptr, 0x20, size, 0x20, ident, 0x10, ...u32(abi.run_e)], // run_e(ptr, size, ident)
    ...[0x20, free, 0x04, 0x40], // if (free)
    ...[0x20, ptr, 0x20, size, 0x10, ...u32(abi.deallocate)], //   deallocate(ptr, size)
    ...[0x0b, 0x0b], // end if, end
  ];
}
