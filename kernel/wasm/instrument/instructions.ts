/**
 * Walking a function body instruction by instruction, which needs the immediates of every
 * opcode (MVP, sign extension, saturating truncation, bulk memory, reference types, multi-value,
 * tail calls, exceptions, SIMD, threads). GC instructions (prefix 0xfb) are not supported.
 *
 * @module
 */

import { BinaryError, Reader } from "./leb128.ts";

const LOOP = 0x03;

/** Skips a value type (a reference type may carry a heap type). */
function skipValType(r: Reader): void {
  const t = r.byte();
  if (t === 0x63 || t === 0x64) r.skipSigned(); // (ref null? heaptype)
}

/**
 * Skips a block type: empty (0x40), a value type, or a type index. All are s33 numbers (value
 * types are one-byte negatives) except reference types, which carry a heap type.
 */
function skipBlockType(r: Reader): void {
  const t = r.bytes[r.pos];
  if (t === 0x63 || t === 0x64) skipValType(r);
  else r.skipSigned();
}

function skipMemarg(r: Reader): void {
  const align = r.u32();
  if (align & 0x40) r.u32(); // multi-memory: memory index
  r.u32(); // offset (u64 in memory64; LEB skipping is width-agnostic)
}

/** Immediates of the 0xfc prefix, by sub-opcode: how many u32 to skip. */
const FC_U32S: Record<number, number> = {
  8: 2, // memory.init data mem
  9: 1, // data.drop
  10: 2, // memory.copy
  11: 1, // memory.fill
  12: 2, // table.init
  13: 1, // elem.drop
  14: 2, // table.copy
  15: 1, // table.grow
  16: 1, // table.size
  17: 1, // table.fill
};

function skipPrefixFC(r: Reader): number {
  const sub = r.u32();
  if (sub <= 7) return sub; // saturating truncations
  const count = FC_U32S[sub];
  if (count === undefined) throw new BinaryError(`unknown instruction 0xfc ${sub}`);
  for (let i = 0; i < count; i++) r.u32();
  return sub;
}

function skipPrefixFD(r: Reader): void {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) skipMemarg(r); // loads, stores, load_zero
  else if (sub === 12 || sub === 13) r.skip(16); // v128.const, i8x16.shuffle
  else if (sub >= 21 && sub <= 34) r.skip(1); // extract/replace lane
  else if (sub >= 84 && sub <= 91) {
    skipMemarg(r); // load/store lane
    r.skip(1);
  }
}

function skipPrefixFE(r: Reader): void {
  const sub = r.u32();
  if (sub === 0x03) r.skip(1); // atomic.fence
  else skipMemarg(r);
}

/**
 * Reads one instruction at `r.pos` (opcode and immediates).
 * @returns the opcode; for the 0xfc prefix (bulk memory, tables, saturating truncation),
 *   {@link FC} plus the sub-opcode; the prefix byte for other prefixed instructions
 */
export function skipInstruction(r: Reader): number {
  const op = r.byte();
  if (op >= 0x45 && op <= 0xc4) return op; // numeric, no immediates
  if (op >= 0x28 && op <= 0x3e) {
    skipMemarg(r);
    return op;
  }
  switch (op) {
    case 0x00: // unreachable
    case 0x01: // nop
    case 0x05: // else
    case 0x0a: // throw_ref
    case 0x0b: // end
    case 0x0f: // return
    case 0x19: // catch_all
    case 0x1a: // drop
    case 0x1b: // select
    case 0xd1: // ref.is_null
    case 0xd3: // ref.eq
    case 0xd4: // ref.as_non_null
      return op;
    case 0x02: // block
    case LOOP:
    case 0x04: // if
    case 0x06: // try
      skipBlockType(r);
      return op;
    case 0x07: // catch
    case 0x08: // throw
    case 0x09: // rethrow
    case 0x0c: // br
    case 0x0d: // br_if
    case 0x10: // call
    case 0x12: // return_call
    case 0x14: // call_ref
    case 0x15: // return_call_ref
    case 0x18: // delegate
    case 0x20: // local.get
    case 0x21: // local.set
    case 0x22: // local.tee
    case 0x23: // global.get
    case 0x24: // global.set
    case 0x25: // table.get
    case 0x26: // table.set
    case 0x3f: // memory.size
    case 0x40: // memory.grow
    case 0xd2: // ref.func
    case 0xd5: // br_on_null
    case 0xd6: // br_on_non_null
      r.u32();
      return op;
    case 0x11: // call_indirect
    case 0x13: // return_call_indirect
      r.u32();
      r.u32();
      return op;
    case 0x0e: { // br_table
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return op;
    }
    case 0x1c: { // select t*
      const n = r.u32();
      for (let i = 0; i < n; i++) skipValType(r);
      return op;
    }
    case 0x1f: { // try_table
      skipBlockType(r);
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const kind = r.byte();
        if (kind === 0x00 || kind === 0x01) r.u32(); // catch / catch_ref: tag
        r.u32(); // label
      }
      return op;
    }
    case 0x41: // i32.const
    case 0x42: // i64.const
    case 0xd0: // ref.null heaptype
      r.skipSigned();
      return op;
    case 0x43:
      r.skip(4);
      return op;
    case 0x44:
      r.skip(8);
      return op;
    case 0xfc:
      return FC + skipPrefixFC(r);
    case 0xfd:
      skipPrefixFD(r);
      return op;
    case 0xfe:
      skipPrefixFE(r);
      return op;
    default:
      throw new BinaryError(
        `unsupported instruction 0x${op.toString(16).padStart(2, "0")} at offset ${r.pos - 1}`,
      );
  }
}

/** Opcode {@link skipInstruction} reports for `0xfc` instructions, plus their sub-opcode. */
export const FC = 0xfc00;

/** `memory.grow`. */
export const MEMORY_GROW = 0x40;

/**
 * Instructions whose cost grows with an operand: `memory.init`, `memory.copy`, `memory.fill`,
 * `table.init`, `table.copy`, `table.grow`, `table.fill`. For each, the element or byte count is
 * the i32 on top of the stack.
 */
const SIZED = new Set([FC + 8, FC + 10, FC + 11, FC + 12, FC + 14, FC + 15, FC + 17]);

/** A place in a function body that instrumentation rewrites. */
export type BodyPoint =
  /** Right after a `loop` and its block type: where every iteration begins. */
  | { kind: "loop"; at: number }
  /** At a sized bulk instruction (see {@link SIZED}). */
  | { kind: "sized"; at: number }
  /** A whole `memory.grow` instruction, from `at` to `end`, growing memory `memory`. */
  | { kind: "grow"; at: number; end: number; memory: number }
  /** A whole `call` or `return_call` (`tail`) of imported function `func`. */
  | { kind: "call"; at: number; end: number; func: number; tail: boolean }
  /** A `ref.func` of an imported function: the import can be called without `call`. */
  | { kind: "importRef"; at: number };

const CALL = 0x10;
const RETURN_CALL = 0x12;
const REF_FUNC = 0xd2;
/** `call`, `call_indirect`, `return_call`, `return_call_indirect`, `call_ref`, `return_call_ref`. */
const CALLS = new Set([CALL, 0x11, RETURN_CALL, 0x13, 0x14, 0x15]);

/** What instrumentation needs to know of a function body. */
export interface BodyScan {
  /** The places to rewrite, in order. */
  points: BodyPoint[];
  /** Whether the body has a call instruction of any kind, of any function. */
  calls: boolean;
}

/**
 * Reads instructions from `r.pos` to `end` and returns the points to rewrite; the first
 * `importedFunctions` function indices are imports.
 */
export function scanBody(r: Reader, end: number, importedFunctions = 0): BodyScan {
  const points: BodyPoint[] = [];
  let calls = false;
  while (r.pos < end) {
    const at = r.pos;
    const op = skipInstruction(r);
    calls ||= CALLS.has(op);
    if (op === LOOP) points.push({ kind: "loop", at: r.pos });
    else if (SIZED.has(op)) points.push({ kind: "sized", at });
    else if (op === MEMORY_GROW) {
      const memory = new Reader(r.bytes, at + 1, r.pos).u32();
      points.push({ kind: "grow", at, end: r.pos, memory });
    } else if (op === CALL || op === RETURN_CALL || op === REF_FUNC) {
      const func = new Reader(r.bytes, at + 1, r.pos).u32();
      if (func >= importedFunctions) continue;
      points.push(
        op === REF_FUNC
          ? { kind: "importRef", at }
          : { kind: "call", at, end: r.pos, func, tail: op === RETURN_CALL },
      );
    }
  }
  if (r.pos !== end) throw new BinaryError(`function body overruns its size at offset ${r.pos}`);
  return { points, calls };
}

/**
 * Skips a constant expression (an init expression), up to and including its `end`.
 * @returns whether it takes a reference to one of the first `importedFunctions` functions
 */
export function skipConstExpr(r: Reader, importedFunctions = 0): boolean {
  let refersToImport = false;
  for (;;) {
    const at = r.pos;
    const op = skipInstruction(r);
    if (op === 0x0b) return refersToImport; // const exprs have no nested blocks
    if (op === REF_FUNC && new Reader(r.bytes, at + 1, r.pos).u32() < importedFunctions) {
      refersToImport = true;
    }
  }
}

export { skipValType };
