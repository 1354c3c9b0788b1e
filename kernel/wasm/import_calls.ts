/**
 * What a guest's imports do, in each of the two ways an instance runs a call (see instance.ts):
 *
 * - **under JSPI**, a host function runs as it is; one that may wait is wrapped in
 *   `WebAssembly.Suspending`, so its Promise suspends the guest, and the wait ends at the
 *   invocation's deadline;
 * - **directly**, a call must never wait and must stay repeatable: a host function that is not
 *   {@link HostFunction.repeatable}, or one that returns a Promise, is not run (or its result is
 *   not used). Instead the call is *escalated*: the tick state says so, the budget is set to 0 so
 *   the guest traps at its next check, every host call until then does nothing, and the runner
 *   starts the invocation again under JSPI. Nothing the first attempt did is visible.
 *
 * @module
 */

import type { HostFunction } from "./host_function.ts";
import type { Invocation } from "./invocation.ts";
import { JSPI, type WasmFn } from "./jspi.ts";
import type { FunctionImport } from "./module.ts";
import { DeadlineError, type TickState } from "./tick.ts";
import type { WasiBinding } from "./wasi.ts";

/** Where an instance's imports find the running invocation and its tick state. */
export interface CallSlot {
  /** The invocation running on the instance, if any. */
  current: Invocation | null;
  /** The instance's tick state. */
  readonly tick: TickState;
  /** Makes the guest tick at its next check (sets its budget to 0). */
  spendBudget(): void;
}

/** The result a guest gets from a call that does nothing (its invocation is being stopped). */
function idle(returns: boolean): number | undefined {
  return returns ? -1 : undefined;
}

/**
 * The invocation a host function is called for, or undefined when the call must do nothing: no
 * invocation runs, the guest passed another `ident`, or an FFI result is still pending.
 * @throws {DeadlineError} past the invocation's deadline
 */
function callerOf(fn: HostFunction, slot: CallSlot, args: number[]): Invocation | undefined {
  const invocation = slot.current;
  // Host functions declare their own parameters; the trailing ident (and Swift's extras) arrive
  // as ignored extra arguments.
  if (invocation === null || args[fn.params] !== invocation.ident) return undefined;
  if (fn.ffi && invocation.pending) return undefined;
  // Every host call is short, so the clock is read every 64th: a guest calling the host in a
  // loop still stops within 64 calls of its deadline (its tick stops it anyway).
  if ((++invocation.hostCalls & 63) === 0 && performance.now() > invocation.deadline) {
    throw new DeadlineError();
  }
  return invocation;
}

/** `fn` as a guest under JSPI calls it: a wait suspends the guest and ends at the deadline. */
export function promisedHostCall(fn: HostFunction, slot: CallSlot): WasmFn {
  const call = (...args: number[]) => {
    const invocation = callerOf(fn, slot, args);
    if (invocation === undefined) return idle(fn.returns);
    const result = fn.call(invocation, ...args);
    return result instanceof Promise ? Promise.race([result, invocation.expiry()]) : result;
  };
  return fn.async ? new JSPI.Suspending(call) : call;
}

/** Stops a direct call so it can start again under JSPI. */
function escalate(slot: CallSlot): void {
  slot.tick.stopped = "escalate";
  slot.spendBudget();
}

/** `fn` as a directly-run guest calls it: it escalates rather than wait or have effects. */
export function directHostCall(fn: HostFunction, slot: CallSlot): WasmFn {
  return (...args: number[]) => {
    if (slot.tick.stopped) return idle(fn.returns);
    const invocation = callerOf(fn, slot, args);
    if (invocation === undefined) return idle(fn.returns);
    if (!fn.repeatable) {
      escalate(slot);
      return idle(fn.returns);
    }
    const result = fn.call(invocation, ...args);
    if (!(result instanceof Promise)) return result;
    result.catch(() => {}); // a read that would have waited: its answer is not needed
    escalate(slot);
    return idle(fn.returns);
  };
}

/** A WASI function as a directly-run guest calls it (`poll_oneoff` escalates when it would wait). */
function directWasiCall(fn: (...args: number[]) => unknown, slot: CallSlot): WasmFn {
  return (...args: number[]) => {
    if (slot.tick.stopped) return -1;
    const result = fn(...args);
    if (!(result instanceof Promise)) return result;
    result.catch(() => {});
    escalate(slot);
    return -1;
  };
}

/** The functions behind a module's imports, in import order, for one way of running. */
export function importCalls(
  imports: readonly FunctionImport[],
  slot: CallSlot,
  wasi: WasiBinding | undefined,
  direct: boolean,
): WasmFn[] {
  return imports.map((imp) => {
    if (imp.fn) return direct ? directHostCall(imp.fn, slot) : promisedHostCall(imp.fn, slot);
    // A module with WASI imports always has its WASI binding.
    return direct
      ? directWasiCall(wasi!.functions[imp.name], slot)
      : wasi!.imports[imp.name] as WasmFn;
  });
}
