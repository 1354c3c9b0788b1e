/**
 * The section layout of a module and the index-space counts instrumentation needs.
 *
 * @module
 */

import { skipConstExpr, skipValType } from "./instructions.ts";
import { BinaryError, Reader } from "./leb128.ts";

/** Section ids. */
export const Section = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
  Tag: 13,
} as const;

/** Where non-custom sections must appear, in order. */
export const SECTION_ORDER: readonly number[] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

/** One section: its id and where its payload is. */
export interface SectionSpan {
  /** Section id. */
  id: number;
  /** Payload start offset. */
  start: number;
  /** Payload end offset (exclusive). */
  end: number;
}

/** A module split into sections, with the counts of each index space. */
export interface ModuleLayout {
  /** Every section, in file order. */
  sections: SectionSpan[];
  /** Entries of the type section. */
  types: number;
  /** Where each entry of the type section is, by type index (start, end). */
  typeSpans: [number, number][];
  /** Tables: imported plus defined. */
  tables: number;
  /** Globals: imported plus defined. */
  globals: number;
  /** Memories: imported plus defined. */
  memories: number;
  /** Memories that are imported (they come first in the index space). */
  importedMemories: number;
  /** The type index of each imported function, in function-index order. */
  importTypes: number[];
  /**
   * Whether an element segment or a global takes a reference to an imported function, so the
   * import may be called through a table rather than by `call`.
   */
  importsByReference: boolean;
  /** The type index of each defined function, in function-index order (after the imports). */
  functionTypes: number[];
  /** The exported functions, by export name: their function index. */
  exportedFunctions: Map<string, number>;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Reads the section layout and index-space counts of `bytes`. */
export function readLayout(bytes: Uint8Array): ModuleLayout {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new BinaryError("not a WebAssembly binary (version 1)");
  }
  const r = new Reader(bytes, 8);
  const layout: ModuleLayout = {
    sections: [],
    types: 0,
    typeSpans: [],
    tables: 0,
    globals: 0,
    memories: 0,
    importedMemories: 0,
    importTypes: [],
    importsByReference: false,
    functionTypes: [],
    exportedFunctions: new Map(),
  };
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const span = { id, start: r.pos, end: r.pos + size };
    if (span.end > bytes.length) throw new BinaryError(`section ${id} overruns the module`);
    layout.sections.push(span);
    count(layout, span, new Reader(bytes, span.start, span.end));
    r.pos = span.end;
  }
  return layout;
}

function count(layout: ModuleLayout, span: SectionSpan, r: Reader): void {
  switch (span.id) {
    case Section.Type:
      layout.typeSpans = typeSpans(r);
      layout.types = layout.typeSpans.length;
      break;
    case Section.Import:
      countImports(layout, r);
      break;
    case Section.Table:
      layout.tables += r.u32();
      break;
    case Section.Global:
      layout.globals += countGlobals(layout, r);
      break;
    case Section.Element:
      layout.importsByReference ||= elementsReferToImports(r, layout.importTypes.length);
      break;
    case Section.Memory:
      layout.memories += r.u32();
      break;
    case Section.Function:
      for (let n = r.u32(); n > 0; n--) layout.functionTypes.push(r.u32());
      break;
    case Section.Export:
      readExports(layout, r);
      break;
  }
}

/** Notes the functions the module exports. */
function readExports(layout: ModuleLayout, r: Reader): void {
  const decoder = new TextDecoder();
  for (let n = r.u32(); n > 0; n--) {
    const length = r.u32();
    const name = decoder.decode(r.bytes.subarray(r.pos, r.pos + length));
    r.skip(length);
    const kind = r.byte();
    const index = r.u32();
    if (kind === 0x00) layout.exportedFunctions.set(name, index);
  }
}

/** Where each function type is; GC type definitions (rec groups, structs, arrays) are refused. */
function typeSpans(r: Reader): [number, number][] {
  const n = r.u32();
  const spans: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    const form = r.byte();
    if (form !== 0x60) {
      throw new BinaryError(`unsupported type definition 0x${form.toString(16)} (GC types)`);
    }
    for (let side = 0; side < 2; side++) {
      const len = r.u32();
      for (let j = 0; j < len; j++) skipValType(r);
    }
    spans.push([start, r.pos]);
  }
  return spans;
}

function skipLimits(r: Reader): void {
  const flags = r.byte();
  r.skipSigned(); // min (u32 or u64: LEB skipping is width-agnostic)
  if (flags & 0x01) r.skipSigned(); // max
}

function countImports(layout: ModuleLayout, r: Reader): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    r.skip(r.u32()); // module
    r.skip(r.u32()); // name
    const kind = r.byte();
    if (kind === 0x00) layout.importTypes.push(r.u32()); // function: type index
    else if (kind === 0x01) {
      skipValType(r);
      skipLimits(r);
      layout.tables++;
    } else if (kind === 0x02) {
      skipLimits(r);
      layout.memories++;
      layout.importedMemories++;
    } else if (kind === 0x03) {
      skipValType(r);
      r.byte(); // mutability
      layout.globals++;
    } else if (kind === 0x04) {
      r.byte(); // tag attribute
      r.u32();
    } else throw new BinaryError(`unknown import kind ${kind}`);
  }
}

/** Counts the defined globals, noting whether an initializer refers to an imported function. */
function countGlobals(layout: ModuleLayout, r: Reader): number {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    skipValType(r);
    r.byte(); // mutability
    layout.importsByReference ||= skipConstExpr(r, layout.importTypes.length);
  }
  return n;
}

/** Whether an element segment lists one of the first `imported` functions. */
function elementsReferToImports(r: Reader, imported: number): boolean {
  let refers = false;
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    if (flags > 7) throw new BinaryError(`unknown element segment kind ${flags}`);
    if (flags === 2 || flags === 6) r.u32(); // table index
    if ((flags & 0x01) === 0) skipConstExpr(r); // active: the offset
    const expressions = (flags & 0x04) !== 0;
    if (flags & 0x03) {
      if (expressions) skipValType(r); // reference type
      else r.byte(); // element kind
    }
    const count = r.u32();
    for (let j = 0; j < count; j++) {
      refers = (expressions ? skipConstExpr(r, imported) : r.u32() < imported) || refers;
    }
  }
  return refers;
}

/** The number of parameters of function type `type`. */
export function paramCount(bytes: Uint8Array, layout: ModuleLayout, type: number): number {
  return new Reader(bytes, layout.typeSpans[type][0] + 1).u32(); // after the 0x60 form
}

/** The name of a custom section. */
export function customName(bytes: Uint8Array, span: SectionSpan): string {
  const r = new Reader(bytes, span.start, span.end);
  const length = r.u32();
  r.skip(length);
  return new TextDecoder().decode(bytes.subarray(r.pos - length, r.pos));
}

export { skipConstExpr, skipLimits };
