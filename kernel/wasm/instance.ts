/**
 * One live instance of a compiled module: its imports bound to "the invocation currently running
 * here", its tick and memory grow hooks (see `instrument/` and tick.ts), its initialisation (the
 * former start function, `_initialize` or `_start`, then `init`), and the calls of one invocation
 * (`allocate` → `run_e` → `deallocate`).
 *
 * An instance runs its calls in one of two modes. **Direct**: plain calls, no Promise on the way,
 * for modules whose imports never wait and change nothing outside the invocation; such a call is
 * stopped after a short slice so that it can be restarted in the other mode. **Under JSPI**
 * (`WebAssembly.promising`): for modules that import a function that may wait on I/O or has
 * effects, and for instances {@link WasmInstance.promote | promoted} after a slice ran out; the
 * guest may then be suspended, by its I/O or by its tick, so other work goes on.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import { GuestMemory } from "./guest_memory.ts";
import type { HostFunction } from "./host_function.ts";
import type { Invocation } from "./invocation.ts";
import { MEMORY_EXPORT_PREFIX, TICK_TABLE_EXPORT } from "./instrument/mod.ts";
import { JSPI, type WasmFn } from "./jspi.ts";
import { type MemoryBudget, MemoryBudgetError, PAGE_BYTES } from "./memory_budget.ts";
import { type CompiledModule, ModuleError } from "./module.ts";
import {
  createTicks,
  DeadlineError,
  SLICE_MS,
  type StopReason,
  type Ticks,
  type TickState,
  tickState,
  unaryWasmFunction,
  YIELD_MS,
} from "./tick.ts";
import { createWasi, exitCode, type WasiBinding } from "./wasi.ts";

interface Slot {
  current: Invocation | null;
  readonly tick: TickState;
}

/** What every instance of a runner is held to. */
export interface InstanceLimits {
  /** Time limit of an instance's initialisation, in milliseconds. */
  readonly initTimeoutMs: number;
  /** The process's budget for all instance memory. */
  readonly budget: MemoryBudget;
}

/** The exports an invocation calls, in the form its mode needs. */
interface Calls {
  allocate: WasmFn;
  runE: WasmFn;
  deallocate: WasmFn;
}

/** A live instance; serves one invocation at a time. */
export class WasmInstance {
  /** Bounds-checked view on the instance's memory. */
  readonly memory: GuestMemory;
  /** Invocations served so far. */
  uses = 0;
  readonly #slot: Slot;
  readonly #wasi: WasiBinding | undefined;
  readonly #freesInput: boolean;
  readonly #exports: Calls;
  readonly #hooks: Hooks;
  #promised: Calls | undefined;
  #direct: boolean;

  private constructor(
    instance: WebAssembly.Instance,
    slot: Slot,
    compiled: CompiledModule,
    wasi: WasiBinding | undefined,
    hooks: Hooks,
  ) {
    this.#freesInput = compiled.freesInput;
    const exports = instance.exports as Record<string, unknown>;
    this.memory = new GuestMemory(exports.memory as WebAssembly.Memory);
    this.#slot = slot;
    this.#wasi = wasi;
    this.#exports = {
      allocate: exports.allocate as WasmFn,
      runE: exports.run_e as WasmFn,
      deallocate: exports.deallocate as WasmFn,
    };
    this.#hooks = hooks;
    this.#direct = compiled.direct;
    if (this.#direct) hooks.table?.set(0, hooks.ticks.direct);
  }

  /**
   * Instantiates `compiled`, reserves its memory in the budget, and runs its initialisation
   * exports once under JSPI, within `limits.initTimeoutMs`.
   * @throws {MemoryBudgetError} when the budget cannot hold the instance's initial memory
   * @throws {ModuleError} when instantiation or initialisation fails
   */
  static async create(
    compiled: CompiledModule,
    log: Logger,
    limits: InstanceLimits,
  ): Promise<WasmInstance> {
    const slot: Slot = { current: null, tick: tickState() };
    const env: WebAssembly.ModuleImports = {};
    for (const imp of compiled.imports) {
      const bound = bind(imp.fn, slot);
      env[imp.name] = compiled.suspends && imp.fn.async ? new JSPI.Suspending(bound) : bound;
    }
    const imports: WebAssembly.Imports = { env };
    const wasi = compiled.wasi
      ? createWasi(() => slot.current?.log ?? log, () => slot.tick.deadline)
      : undefined;
    if (wasi) imports.wasi_snapshot_preview1 = wasi.imports;
    let instance: WebAssembly.Instance;
    try {
      instance = await WebAssembly.instantiate(compiled.module, imports);
    } catch (error) {
      throw new ModuleError(compiled.info.name, `cannot be instantiated: ${describe(error)}`, {
        cause: error,
      });
    }
    const hooks = installHooks(instance, slot, limits.budget);
    try {
      wasi?.attach(instance);
      await initialise(compiled, instance, slot, limits.initTimeoutMs);
    } catch (error) {
      limits.budget.release(hooks.reservedPages);
      wasi?.flush();
      throw error;
    }
    wasi?.flush();
    return new WasmInstance(instance, slot, compiled, wasi, hooks);
  }

  /** Whether calls run directly (not under JSPI). */
  get direct(): boolean {
    return this.#direct;
  }

  /** Why the tick stopped the last call, if it did. */
  get stopped(): StopReason | undefined {
    return this.#slot.tick.stopped;
  }

  /** Bytes of all the instance's memories now. */
  get memoryBytes(): number {
    let total = 0;
    for (const memory of this.#hooks.memories) total += memory.buffer.byteLength;
    return total;
  }

  /** Runs every later call under JSPI, so the guest can be paused (for good). */
  promote(): void {
    if (!this.#direct) return;
    this.#direct = false;
    this.#hooks.table?.set(0, this.#hooks.ticks.suspending);
  }

  /**
   * Runs one invocation: copies the input in, calls `run_e`, frees the input. Returns when the
   * guest returns (a Promise under JSPI); throws or rejects if it traps (the instance must then
   * be dropped), with {@link WasmInstance.stopped} saying whether its tick stopped it.
   */
  run(invocation: Invocation, input: Uint8Array): unknown {
    this.uses++;
    const tick = this.#slot.tick;
    this.#slot.current = invocation;
    tick.stopped = undefined;
    tick.deadline = invocation.deadline;
    const now = performance.now();
    if (this.#direct) {
      tick.suspendable = false;
      tick.sliceEnd = now + SLICE_MS;
      const { allocate, runE } = this.#exports;
      const size = input.length;
      const ptr = allocate(size) as number;
      this.memory.write(ptr, input, "allocate");
      runE(ptr, size, invocation.ident);
      return this.#finish(this.#exports, ptr, size);
    }
    tick.suspendable = true;
    tick.sliceEnd = Infinity;
    tick.nextYield = now + YIELD_MS;
    return this.#runPromised(invocation, input);
  }

  async #runPromised(invocation: Invocation, input: Uint8Array): Promise<void> {
    const calls = this.#promised ??= {
      allocate: JSPI.promising(this.#exports.allocate),
      runE: JSPI.promising(this.#exports.runE),
      deallocate: JSPI.promising(this.#exports.deallocate),
    };
    const size = input.length;
    const ptr = await calls.allocate(size) as number;
    this.memory.write(ptr, input, "allocate");
    await calls.runE(ptr, size, invocation.ident);
    await this.#finish(calls, ptr, size);
  }

  /** Detaches the current invocation (after success or failure) and logs pending output. */
  release(): void {
    this.#wasi?.flush();
    this.#slot.current = null;
  }

  /** Gives the instance's memory back to the budget; call once, when dropping it. */
  dispose(): void {
    this.#hooks.budget.release(this.#hooks.reservedPages);
    this.#hooks.reservedPages = 0;
  }

  #finish(calls: Calls, ptr: number, size: number): unknown {
    // The Rust crate's run_e frees the input itself; calling deallocate again (as Atmo did) is
    // a double free that corrupts a Runnable's heap state, so it is skipped for Rust modules.
    if (!this.#freesInput) return calls.deallocate(ptr, size);
  }
}

/** An instance's tick table, ticks, memories and their budget. */
interface Hooks {
  readonly table: WebAssembly.Table | undefined;
  readonly ticks: Ticks;
  readonly memories: WebAssembly.Memory[];
  readonly budget: MemoryBudget;
  /** Pages reserved for the instance so far. */
  reservedPages: number;
}

/**
 * Reserves the instance's initial memory and fills its tick table: slot 0 the tick (the
 * suspending one, for initialisation), slot 1 + m the grow hook of memory m, which asks the
 * budget first.
 */
function installHooks(
  instance: WebAssembly.Instance,
  slot: Slot,
  budget: MemoryBudget,
): Hooks {
  const exports = instance.exports;
  const table = exports[TICK_TABLE_EXPORT] as WebAssembly.Table | undefined;
  const hooks: Hooks = {
    table,
    ticks: createTicks(slot.tick),
    memories: [],
    budget,
    reservedPages: 0,
  };
  for (const [name, value] of Object.entries(exports)) {
    if (!name.startsWith(MEMORY_EXPORT_PREFIX)) continue;
    const memory = value as WebAssembly.Memory;
    hooks.memories.push(memory);
    const pages = memory.buffer.byteLength / PAGE_BYTES;
    if (!budget.reserve(pages)) {
      budget.release(hooks.reservedPages);
      throw new MemoryBudgetError(budget.limitMiB);
    }
    hooks.reservedPages += pages;
    const index = Number(name.slice(MEMORY_EXPORT_PREFIX.length));
    table?.set(1 + index, unaryWasmFunction((delta) => grow(memory, delta, slot, hooks)));
  }
  table?.set(0, hooks.ticks.suspending);
  return hooks;
}

/** `memory.grow` as the guest sees it: the old size in pages, or -1 when refused. */
function grow(memory: WebAssembly.Memory, delta: number, slot: Slot, hooks: Hooks): number {
  const pages = delta >>> 0;
  if (!hooks.budget.reserve(pages)) {
    if (slot.current) slot.current.memoryRefused = true;
    return -1;
  }
  try {
    const old = memory.grow(pages);
    hooks.reservedPages += pages;
    return old;
  } catch {
    hooks.budget.release(pages); // past the memory's (capped) maximum
    return -1;
  }
}

/** Runs the initialisation exports under JSPI, stopping at `timeoutMs`. */
async function initialise(
  compiled: CompiledModule,
  instance: WebAssembly.Instance,
  slot: Slot,
  timeoutMs: number,
): Promise<void> {
  const tick = slot.tick;
  tick.deadline = performance.now() + timeoutMs;
  tick.sliceEnd = Infinity;
  tick.suspendable = true;
  tick.nextYield = performance.now() + YIELD_MS;
  for (const name of compiled.initExports) {
    const fn = instance.exports[name] as WasmFn;
    try {
      await JSPI.promising(fn)();
    } catch (error) {
      if (exitCode(error) === 0) continue; // a command's main returned (TinyGo, Go)
      const reason = tick.stopped === "deadline" ? new DeadlineError() : error;
      throw new ModuleError(compiled.info.name, `'${name}' failed: ${describe(reason)}`, {
        cause: reason,
      });
    }
  }
  tick.stopped = undefined;
}

/**
 * Wraps a host function so the guest's trailing `ident` (and Swift's extras) are handled, a call
 * past the deadline is refused, and a wait on I/O ends at the deadline.
 */
function bind(fn: HostFunction, slot: Slot): WasmFn {
  const { params, returns, ffi } = fn;
  return (...args: number[]) => {
    const invocation = slot.current;
    if (invocation === null || args[params] !== invocation.ident) return returns ? -1 : undefined;
    if (ffi && invocation.pending) return -1;
    if (performance.now() > invocation.deadline) throw new DeadlineError();
    // Host functions declare their own parameters; the trailing ident (and Swift's extras)
    // arrive as ignored extra arguments.
    const result = fn.call(invocation, ...args);
    return result instanceof Promise ? Promise.race([result, invocation.expiry()]) : result;
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
