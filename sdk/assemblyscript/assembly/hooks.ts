// Replacements for the AssemblyScript builtins that would otherwise import `env.abort`,
// `env.trace` and `env.seed`, which Runnable hosts do not provide. Wire them up with
//   --use abort=<path>/hooks/abort --use trace=<path>/hooks/trace --use seed=<path>/hooks/seed
// (see asconfig.json and README.md).

import { log_msg, return_abort } from "./env";
import { ident, len, ptr, utf8 } from "./ffi";

/** AssemblyScript `abort` (failed assertion, `throw`, bounds error): `return_abort`, then trap. */
export function abort(
  message: string | null = null,
  fileName: string | null = null,
  line: u32 = 0,
  column: u32 = 0,
): void {
  const msg = utf8(message !== null ? message : "");
  const file = utf8(fileName !== null ? fileName : "");
  return_abort(ptr(msg), len(msg), ptr(file), len(file), line, column, ident());
  unreachable();
}

/** AssemblyScript `trace`: a debug log line `trace: <message> <a0> ...`. */
export function trace(
  message: string,
  n: i32 = 0,
  a0: f64 = 0,
  a1: f64 = 0,
  a2: f64 = 0,
  a3: f64 = 0,
  a4: f64 = 0,
): void {
  let line = "trace: " + message;
  if (n > 0) line += " " + a0.toString();
  if (n > 1) line += " " + a1.toString();
  if (n > 2) line += " " + a2.toString();
  if (n > 3) line += " " + a3.toString();
  if (n > 4) line += " " + a4.toString();
  const buf = utf8(line);
  log_msg(ptr(buf), len(buf), 4, ident());
}

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "random_get")
declare function random_get(buf: usize, size: usize): u16;

/** Seed of `Math.random`, from WASI `random_get` (imported only by modules that use Math.random). */
export function seed(): f64 {
  const buf = memory.data(8);
  random_get(buf, 8);
  return reinterpret<f64>(load<u64>(buf) & 0x000f_ffff_ffff_ffff | 0x3ff0_0000_0000_0000);
}
