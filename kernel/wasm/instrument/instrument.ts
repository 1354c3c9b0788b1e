/**
 * Load-time instrumentation that makes a running guest interruptible and bounds what it may
 * allocate. V8 has no fuel or epoch interruption, so the module is rewritten:
 *
 * - a mutable i32 global, the budget, counts down (budget.ts has the code and why it is cheap):
 *   - by one at the entry of every function except a small leaf (see {@link LEAF_BYTES}): one
 *     with a body of at most 64 bytes of instructions and no loop, no call of any kind (`call`,
 *     `call_indirect`, `call_ref`, their `return_call` forms, imported functions included), no
 *     bulk instruction and no `memory.grow`;
 *   - by one per loop iteration. A function with a loop gets a local, its reserve: at its entry
 *     it takes 16 units (`LOOP_RESERVE`) from the budget, one of which pays for the entry, and
 *     each iteration spends one unit of the reserve, taking 16 more when it is empty. A unit is
 *     always taken before the work it pays for runs;
 *   - by one per KiB (or 1,024 table elements) that a bulk instruction (`memory.fill`,
 *     `memory.copy`, `table.grow`, ...) is asked to touch, plus one.
 *
 *   Without a loop every path through a function is finite, so an endless computation, whether
 *   it loops, recurses, tail-calls or calls through a table, keeps spending budget; a leaf left
 *   uncounted runs a bounded number of instructions and only when a counted function calls it;
 * - when the budget is spent the guest calls a host tick through a table the rewriter adds. The
 *   tick returns a new budget, may suspend the guest under JS Promise Integration (so other work
 *   runs), or returns a negative number, on which the guest executes `unreachable`. A trap,
 *   unlike a thrown JS error, cannot be caught by the guest's own exception handlers;
 * - `memory.grow` becomes a call of a host function (one table slot per memory) that may refuse
 *   the growth, so the host can keep a budget across all instances;
 * - every `call` of an imported function becomes a `call_indirect` through that import's slot of
 *   the same table, so the host can hand the guest, call by call, either plain functions or ones
 *   that may suspend it under JS Promise Integration (a module that takes references to its
 *   imports is marked, as those calls bypass the slots);
 * - each memory's maximum is lowered to a cap and each table's maximum to an element cap, so
 *   growing past them fails inside the guest;
 * - a start section is removed and its function exported, so the host runs it after filling the
 *   table (a runaway start function is interruptible too);
 * - the added table, the budget and every defined memory are exported. Nothing is inserted into
 *   an index space before existing entries, so no function, table, memory, global or local index
 *   moves;
 * - branch hints (a `metadata.code.branch_hint` section, which replaces any the module had, as its
 *   offsets no longer hold) mark the slow path of every check as unlikely.
 *
 * @module
 */

import { importHelper, importHelperSection } from "./import_helper.ts";
import { BRANCH_HINTS_SECTION, BranchHints, BudgetCode, type Check } from "./budget.ts";
import { scanBody, skipValType } from "./instructions.ts";
import { INVOKE_EXPORT, INVOKE_TYPES, invokeBody } from "./invoke_export.ts";
import { BinaryError, Reader, s32, u32, Writer } from "./leb128.ts";
import {
  customName,
  type ModuleLayout,
  paramCount,
  readLayout,
  Section,
  SECTION_ORDER,
  type SectionSpan,
  skipLimits,
} from "./sections.ts";

/**
 * Export name of the table the host fills: slot 0 the tick `() -> i32`, then one slot per
 * imported function ({@link importSlot}), then one grow function `(pages: i32) -> i32` per memory
 * ({@link growSlot}).
 */
export const TICK_TABLE_EXPORT = "__stratos_tick";
/** Export name of the former start function, to call once after instantiation. */
export const START_EXPORT = "__stratos_start";
/** Prefix of the export names of defined memories: `__stratos_memory_<index>`. */
export const MEMORY_EXPORT_PREFIX = "__stratos_memory_";
/** Export name of the budget global, which the host may set to 0 to make the guest tick. */
export const BUDGET_EXPORT = "__stratos_budget";
/**
 * Export name of a global present when the module takes references to its imported functions
 * (in a table or with `ref.func`), so those calls bypass the import slots.
 */
export const IMPORTS_BY_REFERENCE_EXPORT = "__stratos_imports_by_reference";

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Add the budget, the tick and the grow hooks. @default true */
  interruptible?: boolean;
  /** Lower every memory's maximum to this many 64 KiB pages. */
  memoryCapPages?: number;
  /** Lower every table's maximum to this many elements. */
  tableCapElements?: number;
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

/**
 * Limits (flags, min, max) with the maximum lowered to `cap`.
 * @param what "memory" or "table", for errors
 */
function capLimits(r: Reader, out: Writer, cap: number, what: string, unit: string): void {
  const flags = r.byte();
  if (flags & 0x04) throw new BinaryError(`64-bit ${what}s are not supported`);
  const min = r.u32();
  const max = flags & 0x01 ? r.u32() : Infinity;
  if (min > cap) {
    throw new BinaryError(`a ${what} needs at least ${min} ${unit}, more than the cap of ${cap}`);
  }
  out.bytes([flags | 0x01, ...u32(min), ...u32(Math.min(max, cap))]);
}

/** The memory section with every maximum lowered to `cap` pages. */
function capMemories(bytes: Uint8Array, span: SectionSpan, cap: number): Writer {
  const r = new Reader(bytes, span.start, span.end);
  const n = r.u32();
  const out = new Writer().bytes(u32(n));
  for (let i = 0; i < n; i++) capLimits(r, out, cap, "memory", "pages");
  return out;
}

/**
 * The table section with every maximum lowered to `cap` elements (when given) and the tick
 * table appended (when given).
 */
function rewriteTables(
  bytes: Uint8Array,
  span: SectionSpan | undefined,
  cap: number | undefined,
  tick: number[] | undefined,
): Writer {
  const r = span ? new Reader(bytes, span.start, span.end) : undefined;
  const n = r?.u32() ?? 0;
  const out = new Writer().bytes(u32(n + (tick ? 1 : 0)));
  for (let i = 0; i < n && r; i++) {
    if (r.bytes[r.pos] === 0x40) {
      throw new BinaryError("tables with an initializer are not supported");
    }
    const typeStart = r.pos;
    skipValType(r);
    out.bytes(bytes.subarray(typeStart, r.pos));
    if (cap === undefined) {
      const limitsStart = r.pos;
      skipLimits(r);
      out.bytes(bytes.subarray(limitsStart, r.pos));
    } else capLimits(r, out, cap, "table", "elements");
  }
  if (tick) out.bytes(tick);
  return out;
}

/** Instruction sequences the rewriter inserts, for one module's indices. */
interface Snippets {
  /** The budget checks. */
  budget: BudgetCode;
  /** In place of `memory.grow m`: call the grow hook of memory m. */
  grow(memory: number): number[];
  /** In place of `call f` (or `return_call f`) of imported function f: call its slot. */
  call(func: number, tail: boolean): number[];
}

/** @param added the index of the first added function (the refill, then the reserve) */
function snippets(layout: ModuleLayout, added: number): Snippets {
  const growType = u32(layout.types + 1);
  const table = u32(layout.tables);
  const budget = new BudgetCode({
    budget: layout.globals,
    scratch: layout.globals + 1,
    table: layout.tables,
    tickType: layout.types,
    refill: added,
    reserve: added + 1,
  });
  return {
    budget,
    grow: (memory) => [0x41, ...s32(growSlot(layout, memory)), 0x11, ...growType, ...table],
    call: (func, tail) => [
      ...[0x41, ...s32(importSlot(func))],
      ...[tail ? 0x13 : 0x11, ...u32(layout.importTypes[func]), ...table],
    ],
  };
}

/**
 * Largest body, in bytes of instructions (locals not counted), of a leaf whose entry is not
 * counted. A function with no loop runs each of its instructions at most once per call, and one
 * with no call, no bulk instruction and no `memory.grow` runs nothing else: at most 64
 * instructions of constant cost. It runs only when a counted function calls it, and every call
 * instruction takes at least 2 bytes of that caller, so the work between two counts grows from
 * the caller's own straight-line code to at most 32 times it. That is the price of 64: small
 * getters, comparisons and arithmetic helpers, which are most of the calls into leaves, fit in it.
 * A caller is never left uncounted, however small: a chain of uncounted callers could do work
 * exponential in its length.
 */
export const LEAF_BYTES = 64;

/**
 * V8 refuses a function with more than this many locals, parameters included; a function with a
 * loop that has them all gets no reserve, and its loop iterations spend the budget one by one.
 */
const MAX_LOCALS = 50_000;

/**
 * The code section with the budget checks, grow hooks and import slots inserted (and the `added`
 * function bodies appended), whether a function takes a reference to an import (`ref.func`), and
 * the branch hints of the checks.
 */
function instrumentCode(
  bytes: Uint8Array,
  span: SectionSpan,
  layout: ModuleLayout,
  code: Snippets,
  added: number[][],
): { code: Writer; importRefs: boolean; hints: BranchHints } {
  const imported = layout.importTypes.length;
  const hints = new BranchHints();
  let importRefs = false;
  const r = new Reader(bytes, span.start, span.end);
  const n = r.u32();
  const out = new Writer().bytes(u32(n + added.length));
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    const bodyStart = r.pos;
    const bodyEnd = bodyStart + size;
    const groups = r.u32();
    const groupsStart = r.pos;
    let locals = paramCount(bytes, layout, layout.functionTypes[i]);
    for (let j = 0; j < groups; j++) {
      locals += r.u32();
      skipValType(r);
    }
    const codeStart = r.pos;
    const scan = scanBody(r, bodyEnd, imported);
    const loops = scan.points.some((point) => point.kind === "loop");
    const leaf = !scan.calls && bodyEnd - codeStart <= LEAF_BYTES &&
      scan.points.every((point) => point.kind === "importRef");
    const body = new Writer();
    let checks = { entry: code.budget.entry, header: code.budget.entry };
    if (loops && locals < MAX_LOCALS) {
      // one more local, the loop reserve, after the others: no local index moves
      body.bytes(u32(groups + 1)).bytes(bytes.subarray(groupsStart, codeStart)).bytes([0x01, 0x7f]);
      checks = code.budget.loops(locals);
    } else body.bytes(bytes.subarray(bodyStart, codeStart));
    const branches: number[] = [];
    const insert = (check: Check) => {
      branches.push(body.length + check.branch);
      body.bytes(check.code);
    };
    if (!leaf) insert(checks.entry);
    let from = codeStart;
    for (const point of scan.points) {
      body.bytes(bytes.subarray(from, point.at));
      from = point.at;
      if (point.kind === "loop") insert(checks.header);
      else if (point.kind === "sized") insert(code.budget.sized);
      else if (point.kind === "importRef") importRefs = true;
      else if (point.kind === "grow") {
        body.bytes(code.grow(point.memory));
        from = point.end;
      } else {
        body.bytes(code.call(point.func, point.tail));
        from = point.end;
      }
    }
    body.bytes(bytes.subarray(from, bodyEnd));
    out.bytes(u32(body.length)).writer(body);
    hints.add(imported + i, branches);
  }
  for (const extra of added) out.bytes(u32(extra.length)).bytes(extra);
  return { code: out, importRefs, hints };
}

/**
 * Rewrites a module so it is interruptible, and optionally caps its memories and tables.
 * @throws {BinaryError} if the module uses something the rewriter does not understand
 */
export function instrument(
  bytes: Uint8Array,
  options: InstrumentOptions = {},
): Uint8Array<ArrayBuffer> {
  const layout = readLayout(bytes);
  const find = (id: number) => layout.sections.find((s) => s.id === id);
  const rewritten = options.interruptible === false
    ? { replaced: new Map<number, Writer | null>() }
    : interruptible(bytes, layout, find);
  const replaced = rewritten.replaced;
  const memory = find(Section.Memory);
  if (memory && options.memoryCapPages !== undefined) {
    replaced.set(Section.Memory, capMemories(bytes, memory, options.memoryCapPages));
  }
  const tables = find(Section.Table);
  const tick = options.interruptible === false ? undefined : tickTableType(layout);
  if (tick || (tables && options.tableCapElements !== undefined)) {
    replaced.set(Section.Table, rewriteTables(bytes, tables, options.tableCapElements, tick));
  }
  return assemble(bytes, layout.sections, replaced, rewritten);
}

/** The added table's type: funcref, one slot for the tick, one per imported function, one per memory. */
function tickTableType(layout: ModuleLayout): number[] {
  const slots = u32(fillSlot(layout) + 1);
  return [0x70, 0x01, ...slots, ...slots];
}

/** The tick table's slot of imported function `func`. */
export function importSlot(func: number): number {
  return 1 + func;
}

/** The tick table's slot of the grow hook of memory `memory`. */
export function growSlot(layout: { importTypes: readonly unknown[] }, memory: number): number {
  return 1 + layout.importTypes.length + memory;
}

/**
 * The tick table's last slot: the host function `(ptr, size) -> ()` that copies an invocation's
 * input into the guest for {@link INVOKE_EXPORT}.
 */
export function fillSlot(layout: { importTypes: readonly unknown[]; memories: number }): number {
  return growSlot(layout, layout.memories);
}

/**
 * The sections that add the budget, the tick types, the grow hooks and the exports, the custom
 * section with the import slots' helper module (unless imports are used by reference), and the
 * branch hints.
 */
function interruptible(
  bytes: Uint8Array,
  layout: ModuleLayout,
  find: (id: number) => SectionSpan | undefined,
): { replaced: Map<number, Writer | null>; helper?: Writer; hints?: Writer } {
  const start = find(Section.Start);
  const exports = [...name(TICK_TABLE_EXPORT), 0x01, ...u32(layout.tables)];
  let added = 1;
  if (start) {
    const fn = new Reader(bytes, start.start, start.end).u32();
    exports.push(...name(START_EXPORT), 0x00, ...u32(fn));
    added++;
  }
  for (let m = layout.importedMemories; m < layout.memories; m++) {
    exports.push(...name(MEMORY_EXPORT_PREFIX + m), 0x02, ...u32(m));
    added++;
  }
  exports.push(...name(BUDGET_EXPORT), 0x03, ...u32(layout.globals));
  added++;
  // the tick, the grow hooks, the fill slot and the invoke export (invoke_export.ts), the refill
  const types = [0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, ...INVOKE_TYPES, 0x60, 0, 0];
  // the budget and the scratch value (mutable), then whether imports are used by reference
  const globals = [0x7f, 0x01, 0x41, 0x00, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b];
  const replaced = new Map<number, Writer | null>([
    [Section.Type, appendEntries(bytes, find(Section.Type), 5, types)],
    [Section.Start, null],
  ]);
  const code = find(Section.Code);
  let byReference = layout.importsByReference;
  let hints: Writer | undefined;
  if (code) {
    // added functions, after the defined ones: the refill, the reserve, then the invoke export
    const first = layout.importTypes.length + layout.functionTypes.length;
    const inserted = snippets(layout, first);
    const bodies = [inserted.budget.refillBody, inserted.budget.reserveBody];
    const functionTypes = [...u32(layout.types + 4), ...u32(layout.types)];
    const invoke = invokeBody(bytes, layout, layout.types + 2, layout.tables, fillSlot(layout));
    if (invoke) {
      exports.push(...name(INVOKE_EXPORT), 0x00, ...u32(first + bodies.length));
      added++;
      bodies.push(invoke);
      functionTypes.push(...u32(layout.types + 3));
    }
    replaced.set(
      Section.Function,
      appendEntries(bytes, find(Section.Function), bodies.length, functionTypes),
    );
    const rewritten = instrumentCode(bytes, code, layout, inserted, bodies);
    replaced.set(Section.Code, rewritten.code);
    byReference ||= rewritten.importRefs;
    hints = rewritten.hints.section();
  }
  if (byReference) {
    globals.push(0x7f, 0x00, 0x41, 0x01, 0x0b);
    exports.push(...name(IMPORTS_BY_REFERENCE_EXPORT), 0x03, ...u32(layout.globals + 2));
    added++;
  }
  replaced.set(
    Section.Global,
    appendEntries(bytes, find(Section.Global), globals.length / 5, globals),
  );
  replaced.set(Section.Export, appendEntries(bytes, find(Section.Export), added, exports));
  const helper = byReference || layout.importTypes.length === 0
    ? undefined
    : importHelperSection(importHelper(bytes, layout));
  return { replaced, helper, hints };
}

/**
 * Writes the module: sections in order, `replaced` payloads swapped in or added, null dropped, the
 * custom section `hints` (a payload) before the code section, any branch hints of the module
 * dropped when its code is replaced, and the custom section `helper` last.
 */
function assemble(
  bytes: Uint8Array,
  sections: SectionSpan[],
  replaced: Map<number, Writer | null>,
  custom: { hints?: Writer; helper?: Writer },
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
    if (span.id === Section.Custom) {
      // branch hints point into the code: once it is rewritten, theirs are dropped
      if (!replaced.has(Section.Code) || customName(bytes, span) !== BRANCH_HINTS_SECTION) {
        emit(span.id, bytes.subarray(span.start, span.end));
      }
      continue;
    }
    flushBefore(span.id);
    if (span.id === Section.Code && custom.hints) emit(Section.Custom, custom.hints);
    if (!replaced.has(span.id)) {
      emit(span.id, bytes.subarray(span.start, span.end));
      continue;
    }
    const payload = replaced.get(span.id);
    pending.delete(span.id);
    if (payload) emit(span.id, payload);
  }
  for (const id of SECTION_ORDER) if (pending.delete(id)) emit(id, replaced.get(id)!);
  if (custom.helper) emit(Section.Custom, custom.helper);
  return out.toBytes();
}
