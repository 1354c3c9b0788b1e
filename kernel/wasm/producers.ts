/**
 * Reading a module's `producers` custom section (tool conventions): which languages, tools and
 * SDKs made it.
 *
 * @module
 */

import { Reader } from "./instrument/leb128.ts";

const decoder = new TextDecoder();

/** Whether the `producers` section lists `language` among the module's languages. */
export function producedBy(module: WebAssembly.Module, language: string): boolean {
  for (const section of WebAssembly.Module.customSections(module, "producers")) {
    try {
      const r = new Reader(new Uint8Array(section));
      for (let fields = r.u32(); fields > 0; fields--) {
        const field = readString(r);
        for (let values = r.u32(); values > 0; values--) {
          const name = readString(r);
          readString(r); // version
          if (field === "language" && name === language) return true;
        }
      }
    } catch {
      // A malformed producers section says nothing.
    }
  }
  return false;
}

function readString(r: Reader): string {
  const length = r.u32();
  const start = r.pos;
  r.skip(length);
  return decoder.decode(r.bytes.subarray(start, start + length));
}
