/**
 * JS Promise Integration (V8 ships it in Deno 2.9; not yet in TypeScript's lib): a Suspending
 * import may return a Promise, which suspends the Wasm stack up to the nearest `promising`
 * export call until it settles.
 *
 * @module
 */

/** A function as Wasm imports and exports see it. */
export type WasmFn = (...args: number[]) => unknown;

/** `WebAssembly.Suspending` and `WebAssembly.promising`. */
export const JSPI = WebAssembly as unknown as {
  Suspending: new (fn: WasmFn) => WasmFn;
  promising(fn: WasmFn): (...args: number[]) => Promise<unknown>;
};
