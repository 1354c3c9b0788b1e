/**
 * Load-time instrumentation that makes a running guest interruptible (DESIGN.md, "Execution
 * and isolation"). V8 has no fuel or epoch interruption, so the module is rewritten:
 *
 * - a mutable i32 global counts down at the start of every loop iteration; when it reaches
 *   zero, the guest calls a host `tick` through a one-slot table, which returns a new budget or
 *   throws (deadline passed) and so stops the guest wherever it loops, also after JSPI
 *   suspensions;
 * - the table is defined and exported, so no existing index (function, table, global) moves;
 * - a start section is removed and its function exported, so the host runs it after filling
 *   the table (a loop there is interruptible too);
 * - optionally, each memory's maximum is lowered to a cap, so growing past it fails.
 *
 * @module
 */

import { loopStarts, skipValType } from "./instructions.ts";
import { BinaryError, Reader, u32, Writer } from "./leb128.ts";
import {
  type ModuleLayout,
  readLayout,
  Section,
  SECTION_ORDER,
  type SectionSpan,
} from "./sections.ts";

/** Export name of the table whose slot 0 must hold the tick function `() -> i32`. */
export const TICK_TABLE_EXPORT = "__stratos_tick";
/** Export name of the former start function, to call once after instantiation. */
export const START_EXPORT = "__stratos_start";

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Insert the countdown in loops. @default true */
  loops?: boolean;
  /** Lower every memory's maximum to this many 64 KiB pages. */
  memoryCapPages?: number;
}

const encoder = new TextEncoder();

function name(text: string): number[] {
  const bytes = encoder.encode(text);
  return [...u32(bytes.length), ...bytes];
}

/** A vector section's payload with `added` entries (already encoded in `extra`) appended. */
function appendEntries(
  bytes: Uint8Array,
  span: SectionSpan | undefined,
  added: number,
  extra: number[],
): Writer {
  if (!span) return new Writer().bytes(u32(added)).bytes(extra);
  const r = new Reader(bytes, span.start, span.end);
  const count = r.u32();
  return new Writer().bytes(u32(count + added)).bytes(bytes.subarray(r.pos, span.end)).bytes(
    extra,
  );
}

/** The memory section with every maximum lowered to `cap` pages. */
function capMemories(bytes: Uint8Array, span: SectionSpan, cap: number): Writer {
  const r = new Reader(bytes, span.start, span.end);
  const n = r.u32();
  const out = new Writer().bytes(u32(n));
  for (let i = 0; i < n; i++) {
    const flags = r.byte();
    if (flags & 0x04) throw new BinaryError("64-bit memories cannot be capped");
    const min = r.u32();
    const max = flags & 0x01 ? r.u32() : Infinity;
    if (min > cap) {
      throw new BinaryError(`memory needs at least ${min} pages, more than the cap of ${cap}`);
    }
    out.bytes([flags | 0x01, ...u32(min), ...u32(Math.min(max, cap))]);
  }
  return out;
}

/** The code section with the countdown check inserted at every loop start. */
function instrumentCode(bytes: Uint8Array, span: SectionSpan, check: number[]): Writer {
  const r = new Reader(bytes, span.start, span.end);
  const n = r.u32();
  const out = new Writer().bytes(u32(n));
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    const bodyStart = r.pos;
    const bodyEnd = bodyStart + size;
    const locals = r.u32();
    for (let j = 0; j < locals; j++) {
      r.u32();
      skipValType(r);
    }
    const body = new Writer();
    let from = bodyStart;
    for (const at of loopStarts(r, bodyEnd)) {
      body.bytes(bytes.subarray(from, at)).bytes(check);
      from = at;
    }
    body.bytes(bytes.subarray(from, bodyEnd));
    out.bytes(u32(body.length)).writer(body);
  }
  return out;
}

/**
 * Rewrites a module so loops call a host tick, and optionally caps its memories.
 * @throws {BinaryError} if the module uses something the rewriter does not understand
 */
export function instrument(
  bytes: Uint8Array,
  options: InstrumentOptions = {},
): Uint8Array<ArrayBuffer> {
  const layout = readLayout(bytes);
  const find = (id: number) => layout.sections.find((s) => s.id === id);
  const replaced = options.loops === false
    ? new Map<number, Writer | null>()
    : interruptible(bytes, layout, find);
  const memory = find(Section.Memory);
  if (memory && options.memoryCapPages !== undefined) {
    replaced.set(Section.Memory, capMemories(bytes, memory, options.memoryCapPages));
  }
  return assemble(bytes, layout.sections, replaced);
}

/** The sections that add the countdown, the tick table and the start export. */
function interruptible(
  bytes: Uint8Array,
  layout: ModuleLayout,
  find: (id: number) => SectionSpan | undefined,
): Map<number, Writer | null> {
  const tickType = layout.types;
  const tickTable = layout.tables;
  const budget = layout.globals;
  const check = [
    ...[0x23, ...u32(budget), 0x45, 0x04, 0x40], // if (budget == 0)
    ...[0x41, 0x00, 0x11, ...u32(tickType), ...u32(tickTable)], //   budget = tick()
    ...[0x24, ...u32(budget), 0x0b], // end
    ...[0x23, ...u32(budget), 0x41, 0x01, 0x6b, 0x24, ...u32(budget)], // budget -= 1
  ];
  const start = find(Section.Start);
  const exports = [...name(TICK_TABLE_EXPORT), 0x01, ...u32(tickTable)];
  if (start) {
    const fn = new Reader(bytes, start.start, start.end).u32();
    exports.push(...name(START_EXPORT), 0x00, ...u32(fn));
  }
  const replaced = new Map<number, Writer | null>([
    [Section.Type, appendEntries(bytes, find(Section.Type), 1, [0x60, 0x00, 0x01, 0x7f])],
    [Section.Table, appendEntries(bytes, find(Section.Table), 1, [0x70, 0x01, 0x01, 0x01])],
    [Section.Global, appendEntries(bytes, find(Section.Global), 1, [0x7f, 0x01, 0x41, 0x00, 0x0b])],
    [Section.Export, appendEntries(bytes, find(Section.Export), start ? 2 : 1, exports)],
    [Section.Start, null],
  ]);
  const code = find(Section.Code);
  if (code) replaced.set(Section.Code, instrumentCode(bytes, code, check));
  return replaced;
}

/** Writes the module: sections in order, `replaced` payloads swapped in or added, null dropped. */
function assemble(
  bytes: Uint8Array,
  sections: SectionSpan[],
  replaced: Map<number, Writer | null>,
): Uint8Array<ArrayBuffer> {
  const out = new Writer().bytes(bytes.subarray(0, 8));
  const emit = (id: number, payload: Writer | Uint8Array) => {
    out.bytes([id, ...u32(payload.length)]);
    if (payload instanceof Writer) out.writer(payload);
    else out.bytes(payload);
  };
  const pending = new Set([...replaced.keys()].filter((id) => replaced.get(id) !== null));
  const flushBefore = (id: number) => {
    for (const missing of SECTION_ORDER.slice(0, SECTION_ORDER.indexOf(id))) {
      if (pending.delete(missing)) emit(missing, replaced.get(missing)!);
    }
  };
  for (const span of sections) {
    if (span.id !== Section.Custom) flushBefore(span.id);
    if (!replaced.has(span.id)) {
      emit(span.id, bytes.subarray(span.start, span.end));
      continue;
    }
    const payload = replaced.get(span.id);
    pending.delete(span.id);
    if (payload) emit(span.id, payload);
  }
  for (const id of SECTION_ORDER) if (pending.delete(id)) emit(id, replaced.get(id)!);
  return out.toBytes();
}
