/**
 * The set of host functions Runnables can import from `env`: the ABI core plus whatever the
 * loaded capabilities and plugins register. Each is also importable as `<name>_swift`.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import { ABI_FUNCTIONS } from "./abi.ts";
import type { HostFunction } from "./host_function.ts";

/** Suffix of the Swift calling-convention variants (two extra trailing i32 parameters). */
export const SWIFT_SUFFIX = "_swift";

/** The names a module imports from `env`, each without the Swift suffix. */
export function envImports(module: WebAssembly.Module): Set<string> {
  const names = new Set<string>();
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    if (from === "env") {
      names.add(name.endsWith(SWIFT_SUFFIX) ? name.slice(0, -SWIFT_SUFFIX.length) : name);
    }
  }
  return names;
}

/** Host functions by import name. */
export class HostFunctionRegistry {
  readonly #functions = new Map<string, { fn: HostFunction; owner: string }>();

  /** Starts with the ABI core functions. */
  constructor() {
    for (const fn of ABI_FUNCTIONS) this.register(fn, "kernel");
  }

  /**
   * Adds a host function; `owner` names the plugin for error messages.
   * @throws {StratosError} `STRATOS_ERR_HOST_FUNCTION_CONFLICT` if the name is taken
   */
  register(fn: HostFunction, owner: string): void {
    const existing = this.#functions.get(fn.name);
    if (existing) {
      throw new StratosError(
        "STRATOS_ERR_HOST_FUNCTION_CONFLICT",
        `plugin '${owner}' registers host function '${fn.name}', already registered by '${existing.owner}'`,
      );
    }
    if (fn.name.endsWith(SWIFT_SUFFIX)) {
      throw new StratosError(
        "STRATOS_ERR_HOST_FUNCTION_INVALID",
        `plugin '${owner}' registers '${fn.name}': names ending in '${SWIFT_SUFFIX}' are reserved for Swift variants`,
      );
    }
    this.#functions.set(fn.name, { fn, owner });
  }

  /**
   * Resolves an `env` import name (with or without the Swift suffix).
   * @returns the function and whether the Swift variant was asked for, or `undefined`
   */
  resolve(importName: string): { fn: HostFunction; swift: boolean } | undefined {
    const direct = this.#functions.get(importName);
    if (direct) return { fn: direct.fn, swift: false };
    if (!importName.endsWith(SWIFT_SUFFIX)) return undefined;
    const base = this.#functions.get(importName.slice(0, -SWIFT_SUFFIX.length));
    return base ? { fn: base.fn, swift: true } : undefined;
  }

  /** Names of all registered functions. */
  names(): string[] {
    return [...this.#functions.keys()];
  }
}
