/**
 * Compiles WebAssembly text to binary with the pinned `wabt` package (the WAT test modules and
 * `lang: wat` Runnables).
 *
 * @module
 */

import initWabt from "wabt";

let wabt: Awaited<ReturnType<typeof initWabt>> | undefined;

/**
 * Compiles a WAT module to a binary (all proposals V8 ships are enabled).
 *
 * @param source the module's text
 * @param name the file name wabt's errors give
 * @throws wabt's error when the text does not parse or the module does not validate
 */
export async function wat(source: string, name = "test.wat"): Promise<Uint8Array<ArrayBuffer>> {
  wabt ??= await initWabt();
  const module = wabt.parseWat(name, source, {
    bulk_memory: true,
    mutable_globals: true,
    sign_extension: true,
    sat_float_to_int: true,
    multi_value: true,
    reference_types: true,
    tail_call: true,
    exceptions: true,
  });
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
