/**
 * One live instance of a compiled module: its imports bound to "the invocation currently running
 * here", its initialisation (`_initialize` or `_start`, then `init`), and the calls of one
 * invocation (`allocate` → `run_e` → `deallocate`, reference §3.2).
 *
 * @module
 */

import type { Logger } from "../log.ts";
import { GuestMemory } from "./guest_memory.ts";
import type { HostFunction } from "./host_function.ts";
import type { Invocation } from "./invocation.ts";
import { type CompiledModule, ModuleError } from "./module.ts";
import { createWasi, exitCode, type WasiBinding } from "./wasi.ts";
import { installTick } from "./deadline.ts";
import { JSPI, type WasmFn } from "./jspi.ts";
import { TICK_TABLE_EXPORT } from "./instrument/mod.ts";

interface Slot {
  current: Invocation | null;
}

/** A live instance; serves one invocation at a time. */
export class WasmInstance {
  /** Bounds-checked view on the instance's memory. */
  readonly memory: GuestMemory;
  /** Invocations served so far. */
  uses = 0;
  readonly #slot: Slot;
  readonly #wasi: WasiBinding | undefined;
  readonly #allocate: WasmFn;
  readonly #deallocate: WasmFn;
  readonly #suspends: boolean;
  readonly #freesInput: boolean;
  readonly #runE: WasmFn;

  private constructor(
    instance: WebAssembly.Instance,
    slot: Slot,
    compiled: CompiledModule,
    wasi: WasiBinding | undefined,
  ) {
    const suspends = compiled.suspends;
    this.#suspends = suspends;
    this.#freesInput = compiled.freesInput;
    const exports = instance.exports as Record<string, unknown>;
    this.memory = new GuestMemory(exports.memory as WebAssembly.Memory);
    this.#slot = slot;
    this.#wasi = wasi;
    this.#allocate = exports.allocate as WasmFn;
    this.#deallocate = exports.deallocate as WasmFn;
    const runE = exports.run_e as WasmFn;
    this.#runE = suspends ? JSPI.promising(runE) : runE;
    // A suspending import may be reached from allocate/deallocate too (Go's runtime can wait in
    // poll_oneoff there), so they run under JSPI as well.
    if (suspends) {
      this.#allocate = JSPI.promising(this.#allocate);
      this.#deallocate = JSPI.promising(this.#deallocate);
    }
  }

  /**
   * Instantiates `compiled` and runs its initialisation exports once, within `initTimeoutMs`
   * when the module is interruptible.
   */
  static async create(
    compiled: CompiledModule,
    log: Logger,
    initTimeoutMs = Infinity,
  ): Promise<WasmInstance> {
    const slot: Slot = { current: null };
    const initDeadline = performance.now() + initTimeoutMs;
    const deadline = () => slot.current?.deadline ?? initDeadline;
    const env: WebAssembly.ModuleImports = {};
    for (const imp of compiled.imports) {
      const bound = bind(imp.fn, slot);
      env[imp.name] = compiled.suspends && imp.fn.async ? new JSPI.Suspending(bound) : bound;
    }
    const imports: WebAssembly.Imports = { env };
    const wasi = compiled.wasi ? createWasi(log, deadline) : undefined;
    if (wasi) imports.wasi_snapshot_preview1 = wasi.imports;
    let instance: WebAssembly.Instance;
    try {
      instance = await WebAssembly.instantiate(compiled.module, imports);
    } catch (error) {
      throw new ModuleError(compiled.info.name, `cannot be instantiated: ${describe(error)}`, {
        cause: error,
      });
    }
    wasi?.attach(instance);
    if (compiled.interruptible) {
      installTick(instance.exports[TICK_TABLE_EXPORT] as WebAssembly.Table, deadline);
    }
    for (const name of compiled.initExports) {
      const fn = instance.exports[name] as WasmFn;
      try {
        await (compiled.suspends ? JSPI.promising(fn)() : fn());
      } catch (error) {
        if (exitCode(error) === 0) continue; // a command's main returned (TinyGo, Go)
        wasi?.flush();
        throw new ModuleError(compiled.info.name, `'${name}' failed: ${describe(error)}`, {
          cause: error,
        });
      }
    }
    wasi?.flush();
    return new WasmInstance(instance, slot, compiled, wasi);
  }

  /**
   * Runs one invocation: copies the input in, calls `run_e`, frees the input.
   * Resolves when the guest returns; rejects if it traps (the instance must then be dropped).
   */
  run(invocation: Invocation, input: Uint8Array): unknown {
    this.uses++;
    this.#slot.current = invocation;
    if (this.#suspends) return this.#runSuspending(invocation, input);
    const size = input.length;
    const ptr = this.#allocate(size) as number;
    this.memory.write(ptr, input, "allocate");
    this.#runE(ptr, size, invocation.ident);
    this.#finish(ptr, size);
  }

  async #runSuspending(invocation: Invocation, input: Uint8Array): Promise<void> {
    const size = input.length;
    const ptr = await this.#allocate(size) as number;
    this.memory.write(ptr, input, "allocate");
    await this.#runE(ptr, size, invocation.ident);
    await this.#finish(ptr, size);
  }

  /** Detaches the current invocation (after success or failure) and logs pending output. */
  release(): void {
    this.#slot.current = null;
    this.#wasi?.flush();
  }

  #finish(ptr: number, size: number): unknown {
    // The Rust crate's run_e frees the input itself; calling deallocate again (as Atmo did) is
    // a double free that corrupts a Runnable's heap state, so it is skipped for Rust modules.
    if (!this.#freesInput) return this.#deallocate(ptr, size);
  }
}

/** Wraps a host function so the guest's trailing `ident` (and Swift's extras) are handled. */
function bind(fn: HostFunction, slot: Slot): WasmFn {
  const { params, returns, ffi } = fn;
  return (...args: number[]) => {
    const invocation = slot.current;
    if (invocation === null || args[params] !== invocation.ident) return returns ? -1 : undefined;
    if (ffi && invocation.pending) return -1;
    // Host functions declare their own parameters; the trailing ident (and Swift's extras)
    // arrive as ignored extra arguments.
    return fn.call(invocation, ...args);
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
