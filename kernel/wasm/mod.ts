/**
 * The Wasm runner and the host-call bridge of the Runnable ABI.
 *
 * @module
 */

export { GuestMemory, GuestMemoryError } from "./guest_memory.ts";
export {
  defineHostFunction,
  type FFIVar,
  type HostCall,
  type HostFunction,
  type HostResult,
  type ModuleInfo,
} from "./host_function.ts";
export { compileBytes, type CompiledModule, type CompileOptions, ModuleError } from "./module.ts";
export { DeadlineError } from "./tick.ts";
export { MemoryBudget, MemoryBudgetError } from "./memory_budget.ts";
export { settleAfterStart } from "./reclaim.ts";
export type { PoolStats } from "./pool.ts";
export { envImports, HostFunctionRegistry, SWIFT_SUFFIX } from "./registry.ts";
export { type LoadedModule, type RunnerOptions, WasmRunner } from "./runner.ts";
