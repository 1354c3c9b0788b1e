/**
 * The host side of an instrumented guest's budget (see `instrument/`): the tick a guest calls
 * every {@link TICK_BUDGET} units of work. It decides, from the instance's {@link TickState},
 * whether the guest goes on, gives the event loop a turn, or stops:
 *
 * - past the running call's deadline the guest stops (the client gets 504);
 * - a call run directly (no JS Promise Integration) that has held the isolate for longer than its
 *   slice stops so that it can be restarted under JSPI, where it can be paused (see runner.ts);
 * - a call under JSPI that has run for {@link YIELD_MS} is suspended until the event loop has had
 *   a turn, so one long or runaway guest never holds up the other requests of its isolate.
 *
 * A stop is a trap inside the guest (the tick returns -1 and the inserted code runs
 * `unreachable`), which the guest cannot catch; {@link TickState.stopped} says why.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import { JSPI, type WasmFn } from "./jspi.ts";

/** Units of work (function entries, loop iterations, KiB of bulk memory) between two ticks. */
export const TICK_BUDGET = 65_536;

/**
 * How long a directly-run call may hold its isolate before it is stopped and restarted under
 * JSPI, in milliseconds.
 */
export const SLICE_MS = 50;

/** How often a guest under JSPI gives the event loop a turn, in milliseconds of running. */
export const YIELD_MS = 20;

/**
 * Why a guest was stopped by its tick: its deadline passed, its direct call used up its slice, or
 * its direct call reached an import it may not call directly (see import_calls.ts).
 */
export type StopReason = "deadline" | "slice" | "escalate";

/** Guest code ran past its deadline and was stopped. */
export class DeadlineError extends StratosError {
  constructor() {
    super("STRATOS_ERR_TIMEOUT", "the Runnable ran past its time limit and was stopped");
    this.name = "DeadlineError";
  }
}

/** What the tick of one instance consults; the instance updates it around each call. */
export interface TickState {
  /** When the running call must stop (`performance.now()` clock, milliseconds). */
  deadline: number;
  /** When a directly-run call must give way; `Infinity` under JSPI. */
  sliceEnd: number;
  /** Whether the running call is under JSPI, so the tick may suspend it. */
  suspendable: boolean;
  /** When the running call next gives the event loop a turn (under JSPI). */
  nextYield: number;
  /** Why the tick stopped the guest, if it did. */
  stopped: StopReason | undefined;
}

/** A fresh tick state: no call running, nothing stopped. */
export function tickState(): TickState {
  return {
    deadline: Infinity,
    sliceEnd: Infinity,
    suspendable: false,
    nextYield: Infinity,
    stopped: undefined,
  };
}

/** Resolves on a later turn of the event loop (a timer: I/O is polled before timers run). */
function nextTurn(): Promise<number> {
  return new Promise((resolve) => setTimeout(() => resolve(TICK_BUDGET), 0));
}

/** The tick for `state`: a new budget, a Promise of one (a pause), or -1 (stop). */
function tick(state: TickState): number | Promise<number> {
  if (state.stopped) return -1;
  const now = performance.now();
  if (now > state.deadline) {
    state.stopped = "deadline";
    return -1;
  }
  if (now > state.sliceEnd) {
    state.stopped = "slice";
    return -1;
  }
  if (state.suspendable && now > state.nextYield) {
    state.nextYield = now + YIELD_MS;
    return nextTurn();
  }
  return TICK_BUDGET;
}

// (module (import "s" "f" (func (result i32))) (export "f" (func 0))): re-exporting an import
// turns a JS function into a Wasm function, which a funcref table can hold.
// deno-fmt-ignore
const TICK_MODULE = new WebAssembly.Module(new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type 0: () -> i32
  0x02, 0x07, 0x01, 0x01, 0x73, 0x01, 0x66, 0x00, 0x00, // import "s" "f"
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f" func 0
]));

// The same for a function (i32) -> i32, such as a memory's grow hook.
// deno-fmt-ignore
const UNARY_MODULE = new WebAssembly.Module(new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type 0: (i32) -> i32
  0x02, 0x07, 0x01, 0x01, 0x73, 0x01, 0x66, 0x00, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
]));

// The same for a function (i32, i32) -> (), such as the fill slot.
// deno-fmt-ignore
const BINARY_VOID_MODULE = new WebAssembly.Module(new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x06, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x00, // type 0: (i32, i32) -> ()
  0x02, 0x07, 0x01, 0x01, 0x73, 0x01, 0x66, 0x00, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
]));

function wasmFunction(module: WebAssembly.Module, fn: WasmFn | object): WasmFn {
  const helper = new WebAssembly.Instance(module, { s: { f: fn } as WebAssembly.ModuleImports });
  return helper.exports.f as WasmFn;
}

/** The two Wasm forms of one instance's tick: for direct calls, and for calls under JSPI. */
export interface Ticks {
  /** Never suspends (a direct call cannot be suspended). */
  readonly direct: WasmFn;
  /** May suspend the guest: only for calls under `WebAssembly.promising`. */
  readonly suspending: WasmFn;
}

/** Creates the ticks of an instance whose calls are described by `state`. */
export function createTicks(state: TickState): Ticks {
  const fn = () => tick(state);
  return {
    direct: wasmFunction(TICK_MODULE, fn),
    suspending: wasmFunction(TICK_MODULE, new JSPI.Suspending(fn)),
  };
}

/** A Wasm function `(i32) -> i32` calling `fn`, for a slot of the tick table. */
export function unaryWasmFunction(fn: (value: number) => number): WasmFn {
  return wasmFunction(UNARY_MODULE, fn as WasmFn);
}

/** A Wasm function `(i32, i32) -> ()` calling `fn`, for a slot of the tick table. */
export function binaryWasmFunction(fn: (a: number, b: number) => void): WasmFn {
  return wasmFunction(BINARY_VOID_MODULE, fn as WasmFn);
}
