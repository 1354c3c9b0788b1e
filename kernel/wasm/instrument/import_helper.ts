/**
 * The helper module that turns the host's JS functions into Wasm functions of an instrumented
 * module's import types, so they can fill the import slots of its tick table (a table holds Wasm
 * functions only, and only a Wasm module can give a JS function a Wasm type). For each imported
 * function `i` of the module, the helper imports `s.<i>` with the same type and exports it as
 * `<i>`. The rewriter stores the helper in a custom section of the module it rewrites.
 *
 * @module
 */

import { u32, Writer } from "./leb128.ts";
import type { ModuleLayout } from "./sections.ts";

/** Name of the custom section holding the helper module. */
export const IMPORT_HELPER_SECTION = "stratos.import_helper";

const encoder = new TextEncoder();

function name(text: string): number[] {
  const bytes = encoder.encode(text);
  return [...u32(bytes.length), ...bytes];
}

function section(out: Writer, id: number, payload: Writer): void {
  out.bytes([id, ...u32(payload.length)]).writer(payload);
}

/** The helper module of the module `bytes` (laid out as `layout`). */
export function importHelper(bytes: Uint8Array, layout: ModuleLayout): Uint8Array {
  const index = new Map<number, number>();
  const types = new Writer();
  for (const type of layout.importTypes) {
    if (index.has(type)) continue;
    index.set(type, index.size);
    const [start, end] = layout.typeSpans[type];
    types.bytes(bytes.subarray(start, end));
  }
  const imports = new Writer().bytes(u32(layout.importTypes.length));
  const exports = new Writer().bytes(u32(layout.importTypes.length));
  layout.importTypes.forEach((type, i) => {
    imports.bytes([...name("s"), ...name(String(i)), 0x00, ...u32(index.get(type)!)]);
    exports.bytes([...name(String(i)), 0x00, ...u32(i)]);
  });
  const out = new Writer().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  section(out, 1, new Writer().bytes(u32(index.size)).writer(types));
  section(out, 2, imports);
  section(out, 7, exports);
  return out.toBytes();
}

/** A custom section holding the helper module. */
export function importHelperSection(helper: Uint8Array): Writer {
  return new Writer().bytes(name(IMPORT_HELPER_SECTION)).bytes(helper);
}
