/**
 * Stratos: a WebAssembly application runtime for Deno that runs Suborbital Atmo apps.
 *
 * This module is the public API for embedding Stratos: {@link createRuntime} and its options,
 * plus everything of the plugin contract (`plugin.ts`), which is what plugins import.
 *
 * @example Embedding
 * ```ts
 * import { createRuntime } from "./mod.ts";
 * const runtime = await createRuntime({ path: "examples/hello", port: 8080 });
 * await runtime.start();
 * ```
 *
 * @module
 */

import { BUILTIN_PLUGINS } from "./builtin_plugins.ts";
import { createKernelRuntime, type CreateRuntimeOptions, type Runtime } from "./kernel/runtime.ts";

export * from "./plugin.ts";
export { type CreateRuntimeOptions, KERNEL_VERSION, type Runtime } from "./kernel/runtime.ts";
export { DEFAULT_OPTIONS } from "./kernel/options.ts";
export { isLogLevel } from "./kernel/log.ts";
export type { BuiltinPlugin } from "./kernel/plugins/manifest.ts";

/**
 * Opens the app at `options.path` (default `examples/hello`) with Stratos's built-in plugins and
 * prepares it; call `start()` to serve. Every start-up error (invalid Directive, missing module,
 * plugin problem) surfaces here.
 */
export function createRuntime(options: CreateRuntimeOptions = {}): Promise<Runtime> {
  return createKernelRuntime(options, BUILTIN_PLUGINS);
}
