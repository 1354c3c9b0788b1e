/**
 * Compiling and checking a Runnable module once, before any instance exists: the exports the
 * Runnable ABI requires (`memory`, `allocate`, `deallocate`, `run_e`), imports the host can
 * satisfy, and how its calls run: directly, or under JS Promise Integration (it imports a host
 * function that may wait on I/O, or one that must not be called twice, see instance.ts).
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import type { HostFunction, ModuleInfo } from "./host_function.ts";
import {
  IMPORT_HELPER_SECTION,
  IMPORTS_BY_REFERENCE_EXPORT,
  instrument,
  START_EXPORT,
  TICK_TABLE_EXPORT,
} from "./instrument/mod.ts";
import type { HostFunctionRegistry } from "./registry.ts";
import { producedBy } from "./producers.ts";
import { SUSPENDING_WASI_FUNCTIONS, WASI_FUNCTIONS } from "./wasi.ts";

/** A function import of a module: an `env` host function or a WASI function. */
export interface FunctionImport {
  /** Import module: `env` or `wasi_snapshot_preview1`. */
  readonly module: string;
  /** Import name as the module spells it. */
  readonly name: string;
  /** The host function behind an `env` import (undefined for WASI, which the shim provides). */
  readonly fn?: HostFunction;
}

/** A compiled, checked module, ready to be instantiated any number of times. */
export interface CompiledModule {
  /** Name and FQFN. */
  readonly info: ModuleInfo;
  /** The compiled module. */
  readonly module: WebAssembly.Module;
  /** Its function imports, in function-index order. */
  readonly imports: readonly FunctionImport[];
  /**
   * The helper module that makes the host's functions fit the import slots (see
   * `instrument/import_helper.ts`), when the guest calls its imports through them.
   */
  readonly slots: WebAssembly.Module | undefined;
  /** Whether it imports `wasi_snapshot_preview1`. */
  readonly wasi: boolean;
  /** Whether some import may suspend the guest (calls must go through `WebAssembly.promising`). */
  readonly suspends: boolean;
  /**
   * Whether calls may start directly (without JSPI). They may when the guest calls its imports
   * through the slots, so a call of one that would wait or has effects can stop the call and
   * have it started again under JSPI (see instance.ts); otherwise only when no import suspends
   * and every import is {@link HostFunction.repeatable}.
   */
  readonly direct: boolean;
  /** Whether a direct call can be stopped at an import and started again under JSPI. */
  readonly escalates: boolean;
  /**
   * Initialisation exports present, in call order: the former start function
   * ({@link START_EXPORT}), then `_initialize` or `_start`, then `init`.
   */
  readonly initExports: readonly string[];
  /** Whether the guest calls a host tick through the {@link TICK_TABLE_EXPORT} table. */
  readonly interruptible: boolean;
  /**
   * Whether `run_e` frees its input itself (modules built from Rust with the `suborbital`
   * crate), so the host must not call `deallocate` after it.
   */
  readonly freesInput: boolean;
}

/** Raised when a module cannot be used as a Runnable; the message names the module. */
export class ModuleError extends StratosError {
  /**
   * @param module the module's name
   * @param message what is wrong
   */
  constructor(module: string, message: string, options?: ErrorOptions) {
    super("STRATOS_ERR_MODULE_INVALID", `module '${module}': ${message}`, options);
    this.name = "ModuleError";
  }
}

/** The exports every Runnable module must have, with their kinds (the build tools check them too). */
export const REQUIRED_EXPORTS: Readonly<Record<string, WebAssembly.ImportExportKind>> = {
  memory: "memory",
  allocate: "function",
  deallocate: "function",
  run_e: "function",
};

/** How modules are prepared before compiling. */
export interface CompileOptions {
  /**
   * Instrument the module so invocations can be interrupted at their deadline and memory growth
   * asks the host (see `instrument/instrument.ts`). @default true
   */
  interruptible?: boolean;
  /** Lower each memory's maximum to this many MiB. */
  memoryCapMiB?: number;
  /** Lower each table's maximum to this many elements. */
  tableCapElements?: number;
}

/** Compiles module bytes, instrumented unless asked otherwise; failures name the module. */
export async function compileBytes(
  name: string,
  bytes: Uint8Array,
  options: CompileOptions = {},
): Promise<WebAssembly.Module> {
  const compile = async (code: Uint8Array) => {
    try {
      return await WebAssembly.compile(code as Uint8Array<ArrayBuffer>);
    } catch (error) {
      throw new ModuleError(name, `not a valid WebAssembly module: ${message(error)}`, {
        cause: error,
      });
    }
  };
  if (
    options.interruptible === false && options.memoryCapMiB === undefined &&
    options.tableCapElements === undefined
  ) {
    return await compile(bytes);
  }
  if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) return await compile(bytes);
  let prepared: Uint8Array;
  try {
    prepared = instrument(bytes, {
      interruptible: options.interruptible !== false,
      memoryCapPages: options.memoryCapMiB === undefined ? undefined : options.memoryCapMiB * 16,
      tableCapElements: options.tableCapElements,
    });
  } catch (error) {
    throw new ModuleError(name, `cannot be prepared to run: ${message(error)}`, { cause: error });
  }
  return await compile(prepared);
}

/** Checks a compiled module against the ABI and the host functions in `registry`. */
export function checkModule(
  info: ModuleInfo,
  module: WebAssembly.Module,
  registry: HostFunctionRegistry,
): CompiledModule {
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  for (const [name, kind] of Object.entries(REQUIRED_EXPORTS)) {
    const found = exports.get(name);
    if (found === undefined) throw new ModuleError(info.name, `does not export '${name}'`);
    if (found !== kind) {
      throw new ModuleError(info.name, `exports '${name}' as a ${found}, expected a ${kind}`);
    }
  }
  const imports: FunctionImport[] = [];
  let wasi = false;
  let wasiSuspends = false;
  let repeatable = true;
  for (const imp of WebAssembly.Module.imports(module)) {
    if (
      imp.module === "wasi_snapshot_preview1" && imp.kind === "function" &&
      WASI_FUNCTIONS.has(imp.name)
    ) {
      wasi = true;
      wasiSuspends ||= SUSPENDING_WASI_FUNCTIONS.has(imp.name);
      imports.push({ module: imp.module, name: imp.name });
      continue;
    }
    const resolved = imp.module === "env" && imp.kind === "function"
      ? registry.resolve(imp.name)
      : undefined;
    if (!resolved) {
      throw new ModuleError(
        info.name,
        `imports ${imp.kind} '${imp.module}.${imp.name}', which the host does not provide` +
          (imp.module === "env" ? " (is the plugin that provides it loaded?)" : ""),
      );
    }
    imports.push({ module: imp.module, name: imp.name, fn: resolved.fn });
    repeatable &&= resolved.fn.repeatable === true;
  }
  const initExports = [
    START_EXPORT,
    exports.has("_initialize") ? "_initialize" : "_start",
    "init",
  ].filter((name) => exports.get(name) === "function");
  const suspends = wasiSuspends || imports.some((i) => i.fn?.async === true);
  const interruptible = exports.get(TICK_TABLE_EXPORT) === "table";
  const [helper] = WebAssembly.Module.customSections(module, IMPORT_HELPER_SECTION);
  const slots = helper ? new WebAssembly.Module(helper) : undefined;
  const escalates = interruptible && !exports.has(IMPORTS_BY_REFERENCE_EXPORT) &&
    (slots !== undefined || imports.length === 0);
  return {
    info,
    module,
    imports,
    slots,
    wasi,
    suspends,
    direct: escalates || (!suspends && repeatable),
    escalates,
    initExports,
    interruptible,
    freesInput: producedBy(module, "Rust"),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
