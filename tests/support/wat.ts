/**
 * Test support: compiles WebAssembly text to binary with the pinned `wabt` package.
 *
 * @module
 */

import initWabt from "wabt";

let wabt: Awaited<ReturnType<typeof initWabt>> | undefined;

/** Compiles a WAT module to a binary (all proposals V8 ships are enabled). */
export async function wat(source: string, name = "test.wat"): Promise<Uint8Array<ArrayBuffer>> {
  wabt ??= await initWabt();
  const module = wabt.parseWat(name, source, {
    bulk_memory: true,
    mutable_globals: true,
    sign_extension: true,
    sat_float_to_int: true,
    multi_value: true,
    reference_types: true,
  });
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
