/**
 * Matching an app's module files to the Directive's Runnables and compiling them.
 *
 * @module
 */

import type { Directive, Runnable } from "../directive/types.ts";
import { StratosError } from "../errors.ts";
import { compileBytes, type CompileOptions } from "../wasm/module.ts";
import type { AppSource, ModuleFile } from "./app_source.ts";

/** A Runnable with its compiled module. */
export interface AppModule {
  /** The Runnable, as listed in the Directive. */
  runnable: Runnable;
  /** Its compiled module. */
  module: WebAssembly.Module;
}

/**
 * Whether `file` implements `runnable`. A file that names its namespace (`.runnable.yaml`) must
 * match it; a bare `<name>.wasm` (bundles) serves the Runnable of that name in the default
 * namespace, or the only Runnable with that name.
 */
function implementsRunnable(
  file: ModuleFile,
  runnable: Runnable,
  all: readonly Runnable[],
): boolean {
  if (file.name !== runnable.name) return false;
  if (file.namespace !== undefined) return file.namespace === runnable.namespace;
  return runnable.namespace === "default" ||
    all.filter((r) => r.name === runnable.name).length === 1;
}

/**
 * Finds each Runnable's module, compiles every module once (in parallel), and reports a
 * Runnable without a module, or a module that serves no Runnable (Atmo's message).
 */
export async function compileAppModules(
  app: AppSource,
  directive: Directive,
  options: CompileOptions = {},
): Promise<AppModule[]> {
  const runnables = directive.runnables;
  const pairs = runnables.map((runnable) => {
    const file = app.modules.find((m) => implementsRunnable(m, runnable, runnables));
    if (!file) {
      throw new StratosError(
        "STRATOS_ERR_MODULE_MISSING",
        `Runnable '${runnable.namespace}::${runnable.name}' has no module: expected ` +
          `${runnable.name}.wasm in ${app.location}`,
      );
    }
    return { runnable, file };
  });
  for (const file of app.modules) {
    if (!pairs.some((p) => p.file === file)) {
      throw new StratosError(
        "STRATOS_ERR_MODULE_UNMATCHED",
        `unable to find Runnable for module ${file.name} (${file.path})`,
      );
    }
  }
  const compiled = new Map(
    app.modules.map((file) => [file, compileBytes(file.path, file.bytes, options)] as const),
  );
  return await Promise.all(
    pairs.map(async ({ runnable, file }) => ({ runnable, module: await compiled.get(file)! })),
  );
}
