/**
 * One live instance of a compiled module: its imports bound to "the invocation currently running
 * here", its tick, import slots and memory grow hooks (see `instrument/`, tick.ts and
 * import_calls.ts), its initialisation (the former start function, `_initialize` or `_start`,
 * then `init`), and the calls of one invocation (`allocate` → `run_e` → `deallocate`).
 *
 * Each call runs one of two ways. **Directly**: plain calls, no Promise on the way. A direct call
 * is stopped when it reaches an import that would wait or has effects, or when it has held the
 * isolate for its slice; the runner then starts it again the other way. **Under JSPI**
 * (`WebAssembly.promising`): the guest may be suspended, by its I/O or by its tick, so other work
 * goes on. The instance fills its tick table for the way the call runs.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import { GuestMemory } from "./guest_memory.ts";
import { type CallSlot, importCalls, promisedHostCall } from "./import_calls.ts";
import {
  BUDGET_EXPORT,
  fillSlot,
  growSlot,
  importSlot,
  INVOKE_EXPORT,
  MEMORY_EXPORT_PREFIX,
  TICK_TABLE_EXPORT,
} from "./instrument/mod.ts";
import type { Invocation } from "./invocation.ts";
import { JSPI, type WasmFn } from "./jspi.ts";
import { type MemoryBudget, MemoryBudgetError, PAGE_BYTES } from "./memory_budget.ts";
import { type CompiledModule, ModuleError } from "./module.ts";
import {
  binaryWasmFunction,
  createTicks,
  DeadlineError,
  SLICE_MS,
  type StopReason,
  tickState,
  unaryWasmFunction,
  YIELD_MS,
} from "./tick.ts";
import { createWasi, exitCode, logGuestOutput, type WasiBinding } from "./wasi.ts";

/** What every instance of a runner is held to. */
export interface InstanceLimits {
  /** Time limit of an instance's initialisation, in milliseconds. */
  readonly initTimeoutMs: number;
  /** The process's budget for all instance memory. */
  readonly budget: MemoryBudget;
}

/** The exports an invocation calls, in the form one way of running needs. */
interface Calls {
  allocate: WasmFn;
  runE: WasmFn;
  deallocate: WasmFn;
}

/** What the tick table holds for one way of running: the tick, then each import's function. */
interface TableFill {
  tick: WasmFn;
  imports: WasmFn[];
}

/** A live instance; serves one invocation at a time. */
export class WasmInstance {
  /** Bounds-checked view on the instance's memory. */
  readonly memory: GuestMemory;
  /** Invocations served so far. */
  uses = 0;
  readonly #slot: CallSlot;
  readonly #wasi: WasiBinding | undefined;
  readonly #freesInput: boolean;
  readonly #exports: Calls;
  readonly #memory: MemoryHooks;
  readonly #table: WebAssembly.Table | undefined;
  readonly #fills: { direct: TableFill; promised: TableFill };
  #promised: Calls | undefined;
  #direct: boolean | undefined;
  /** The added export running a whole invocation (instrument/invoke_export.ts), if any. */
  readonly #invoke: WasmFn | undefined;
  #invokePromised: ((...args: number[]) => Promise<unknown>) | undefined;
  /** The input the fill slot copies in, during {@link WasmInstance.run}. */
  #input: Uint8Array = new Uint8Array(0);

  private constructor(
    instance: WebAssembly.Instance,
    slot: CallSlot,
    compiled: CompiledModule,
    wasi: WasiBinding | undefined,
    memory: MemoryHooks,
    fills: { direct: TableFill; promised: TableFill },
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
    this.#memory = memory;
    this.#table = exports[TICK_TABLE_EXPORT] as WebAssembly.Table | undefined;
    this.#fills = fills;
    this.#invoke = exports[INVOKE_EXPORT] as WasmFn | undefined;
    if (this.#invoke) {
      const layout = { importTypes: compiled.imports, memories: memory.memories };
      this.#table!.set(
        fillSlot(layout),
        binaryWasmFunction((ptr) => this.memory.write(ptr, this.#input, "allocate")),
      );
    }
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
    const guest: { budget?: WebAssembly.Global } = {};
    const slot: CallSlot = {
      current: null,
      tick: tickState(),
      spendBudget: () => guest.budget && (guest.budget.value = 0),
    };
    const wasi = compiled.wasi
      ? createWasi(
        (stream, line) =>
          slot.current ? slot.current.guestOutput(stream, line) : logGuestOutput(log, stream, line),
        () => slot.tick.deadline,
      )
      : undefined;
    // The imports themselves are called only through references (or by modules that were not
    // instrumented); the guest's `call`s go through the import slots.
    const env: WebAssembly.ModuleImports = {};
    for (const imp of compiled.imports) {
      if (imp.fn) env[imp.name] = promisedHostCall(imp.fn, slot);
    }
    const imports: WebAssembly.Imports = { env };
    if (wasi) imports.wasi_snapshot_preview1 = wasi.imports;
    let instance: WebAssembly.Instance;
    try {
      instance = await WebAssembly.instantiate(compiled.module, imports);
    } catch (error) {
      throw new ModuleError(compiled.info.name, `cannot be instantiated: ${describe(error)}`, {
        cause: error,
      });
    }
    guest.budget = instance.exports[BUDGET_EXPORT] as WebAssembly.Global | undefined;
    const memory = reserveMemory(instance, compiled, slot, limits.budget);
    const fills = tableFills(compiled, slot, wasi);
    const created = new WasmInstance(instance, slot, compiled, wasi, memory, fills);
    try {
      wasi?.attach(instance);
      created.#use(false);
      await initialise(compiled, instance, slot, limits.initTimeoutMs);
    } catch (error) {
      created.dispose();
      throw error;
    } finally {
      wasi?.flush();
    }
    return created;
  }

  /** Why the tick stopped the last call, if it did. */
  get stopped(): StopReason | undefined {
    return this.#slot.tick.stopped;
  }

  /**
   * Bytes of all the instance's memories now, counted from their initial sizes and the growths
   * the grow hooks made (reading each memory's buffer would cost an API call per invocation).
   */
  get memoryBytes(): number {
    return this.#memory.pages * PAGE_BYTES;
  }

  /**
   * Runs one invocation, directly when `direct` (see the module's notes): copies the input in,
   * calls `run_e`, frees the input. Returns when the guest returns (a Promise under JSPI);
   * throws or rejects if it traps (the instance must then be dropped). Afterwards
   * {@link WasmInstance.stopped} says whether its tick stopped it, and why; a call that was
   * escalated may also have returned, and its results must be thrown away.
   */
  run(invocation: Invocation, input: Uint8Array, direct: boolean): unknown {
    this.uses++;
    const tick = this.#slot.tick;
    this.#slot.current = invocation;
    tick.stopped = undefined;
    tick.deadline = invocation.deadline;
    this.#use(direct);
    const now = performance.now();
    const free = this.#freesInput ? 0 : 1;
    if (direct) {
      tick.suspendable = false;
      tick.sliceEnd = now + SLICE_MS;
      if (this.#invoke) {
        this.#input = input;
        return this.#invoke(input.length, invocation.ident, free);
      }
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
    if (this.#invoke) {
      this.#input = input;
      this.#invokePromised ??= JSPI.promising(this.#invoke);
      return this.#invokePromised(input.length, invocation.ident, free);
    }
    return this.#runPromised(invocation, input);
  }

  /** Detaches the current invocation (after success or failure) and logs pending output. */
  release(): void {
    this.#wasi?.flush();
    this.#slot.current = null;
  }

  /** Gives the instance's memory back to the budget; call once, when dropping it. */
  dispose(): void {
    this.#memory.budget.release(this.#memory.reservedPages);
    this.#memory.reservedPages = 0;
  }

  /** Fills the tick table for running directly or under JSPI (only when that changes). */
  #use(direct: boolean): void {
    if (this.#direct === direct || !this.#table) return;
    this.#direct = direct;
    const fill = this.#fills[direct ? "direct" : "promised"];
    this.#table.set(0, fill.tick);
    fill.imports.forEach((fn, i) => this.#table!.set(importSlot(i), fn));
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

  #finish(calls: Calls, ptr: number, size: number): unknown {
    // The Rust crate's run_e frees the input itself; calling deallocate again (as Atmo did) is
    // a double free that corrupts a Runnable's heap state, so it is skipped for Rust modules.
    if (!this.#freesInput) return calls.deallocate(ptr, size);
  }
}

/** An instance's memories and their budget. */
interface MemoryHooks {
  /** How many memories the instance defines. */
  memories: number;
  readonly budget: MemoryBudget;
  /** Pages reserved for the instance so far (0 once it is disposed). */
  reservedPages: number;
  /** Pages of all the memories, the only place they grow being {@link grow}. */
  pages: number;
}

/**
 * Reserves the instance's initial memory and installs a grow hook per memory that asks the
 * budget first.
 */
function reserveMemory(
  instance: WebAssembly.Instance,
  compiled: CompiledModule,
  slot: CallSlot,
  budget: MemoryBudget,
): MemoryHooks {
  const exports = instance.exports;
  const table = exports[TICK_TABLE_EXPORT] as WebAssembly.Table | undefined;
  const hooks: MemoryHooks = { memories: 0, budget, reservedPages: 0, pages: 0 };
  const layout = { importTypes: compiled.imports };
  for (const [name, value] of Object.entries(exports)) {
    if (!name.startsWith(MEMORY_EXPORT_PREFIX)) continue;
    const memory = value as WebAssembly.Memory;
    hooks.memories++;
    const pages = memory.buffer.byteLength / PAGE_BYTES;
    if (!budget.reserve(pages)) {
      budget.release(hooks.reservedPages);
      throw new MemoryBudgetError(budget.limitMiB);
    }
    hooks.reservedPages += pages;
    hooks.pages += pages;
    const index = Number(name.slice(MEMORY_EXPORT_PREFIX.length));
    table?.set(
      growSlot(layout, index),
      unaryWasmFunction((delta) => grow(memory, delta, slot, hooks)),
    );
  }
  return hooks;
}

/** `memory.grow` as the guest sees it: the old size in pages, or -1 when refused. */
function grow(
  memory: WebAssembly.Memory,
  delta: number,
  slot: CallSlot,
  hooks: MemoryHooks,
): number {
  const pages = delta >>> 0;
  if (!hooks.budget.reserve(pages)) {
    if (slot.current) slot.current.memoryRefused = true;
    return -1;
  }
  try {
    const old = memory.grow(pages);
    hooks.reservedPages += pages;
    hooks.pages += pages;
    return old;
  } catch {
    hooks.budget.release(pages); // past the memory's (capped) maximum
    return -1;
  }
}

/**
 * The tick table's contents for each way of running: the tick, and the import functions made
 * Wasm functions by the module's helper (none when its imports are not called through slots).
 */
function tableFills(
  compiled: CompiledModule,
  slot: CallSlot,
  wasi: WasiBinding | undefined,
): { direct: TableFill; promised: TableFill } {
  const ticks = createTicks(slot.tick);
  const fill = (direct: boolean): TableFill => {
    const tick = direct ? ticks.direct : ticks.suspending;
    if (!compiled.slots) return { tick, imports: [] };
    const calls = importCalls(compiled.imports, slot, wasi, direct);
    const helper = new WebAssembly.Instance(compiled.slots, {
      s: Object.fromEntries(calls.map((fn, i) => [String(i), fn])),
    });
    return { tick, imports: calls.map((_, i) => helper.exports[String(i)] as WasmFn) };
  };
  return { direct: fill(true), promised: fill(false) };
}

/** Runs the initialisation exports under JSPI, stopping at `timeoutMs`. */
async function initialise(
  compiled: CompiledModule,
  instance: WebAssembly.Instance,
  slot: CallSlot,
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
