/**
 * Stratos: a WebAssembly application runtime for Deno that runs Suborbital Atmo apps.
 *
 * This module is the public API, for embedding Stratos and for writing plugins.
 *
 * @example Embedding
 * ```ts
 * import { createRuntime } from "./mod.ts";
 * const runtime = await createRuntime({ path: "examples/hello", port: 8080 });
 * await runtime.start();
 * ```
 *
 * @example A plugin that adds a host function
 * ```ts
 * import { defineHostFunction, definePlugin } from "./mod.ts";
 * export default definePlugin({
 *   name: "hello",
 *   setup(ctx) {
 *     ctx.registerHostFunction(defineHostFunction({
 *       name: "hello_name", params: 2, returns: true, ffi: true,
 *       call: (call, ptr, size) => call.ok(`hello ${call.memory.readString(ptr, size, "hello_name")}`),
 *     }));
 *   },
 * });
 * ```
 *
 * @module
 */

import { BUILTIN_PLUGINS } from "./builtin_plugins.ts";
import { createKernelRuntime, type CreateRuntimeOptions, type Runtime } from "./kernel/runtime.ts";

export { type CreateRuntimeOptions, KERNEL_VERSION, type Runtime } from "./kernel/runtime.ts";

/**
 * Opens the app at `options.path` (default `examples/hello`) with Stratos's built-in plugins and
 * prepares it; call `start()` to serve. Every start-up error (invalid Directive, missing module,
 * plugin problem) surfaces here.
 */
export function createRuntime(options: CreateRuntimeOptions = {}): Promise<Runtime> {
  return createKernelRuntime(options, BUILTIN_PLUGINS);
}
export { DEFAULT_OPTIONS, type RuntimeOptions } from "./kernel/options.ts";
export type { IsolateLink, LinkHandler } from "./kernel/isolates/link.ts";
export {
  DirectiveError,
  formatProblem,
  type Problem,
  type SourceLocation,
  StratosError,
} from "./kernel/errors.ts";
export {
  createLogger,
  isLogLevel,
  type LogFields,
  type Logger,
  type LogLevel,
} from "./kernel/log.ts";
export type * from "./kernel/directive/types.ts";
export {
  type BuiltinPlugin,
  definePlugin,
  type HealthReport,
  type ModuleStats,
  type Plugin,
  type PluginContext,
  type PluginHooks,
  type PluginManifest,
  type PluginProvides,
} from "./kernel/plugins/mod.ts";
export { type NumericSetting, readNumericSettings } from "./kernel/plugins/settings.ts";
export {
  defineHostFunction,
  type FFIVar,
  type HostCall,
  type HostFunction,
  type HostResult,
  type ModuleInfo,
  type RunErr,
} from "./kernel/wasm/mod.ts";
export {
  CoordinatedRequest,
  type RequestInit,
  type SequenceOutcome,
} from "./kernel/sequence/mod.ts";
export type { AppSource } from "./kernel/app/mod.ts";
export {
  ERROR_HEADER,
  runStreamMessage,
  type StreamMessage,
  type StreamReply,
  unwrapEnvelope,
} from "./kernel/stream/mod.ts";
export { type RouteMatch, Router } from "./kernel/router/mod.ts";
