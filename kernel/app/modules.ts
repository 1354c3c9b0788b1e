/**
 * Matching an app's module files to the Directive's Runnables and compiling them.
 *
 * @module
 */

import type { Directive, Runnable } from "../directive/types.ts";
import { StratosError } from "../errors.ts";
import { compileBytes } from "../wasm/module.ts";
import type { AppSource, ModuleFile } from "./app_source.ts";

/** A Runnable with its compiled module. */
export interface AppModule {
  /** The Runnable, as listed in the Directive. */
  runnable: Runnable;
  /** Its compiled module. */
  module: WebAssembly.Module;
}

/**
 * Finds each Runnable's module (by name, and namespace when the file says), compiles them all in
 * parallel, and reports a module that matches no Runnable as Atmo does.
 */
export async function compileAppModules(
  app: AppSource,
  directive: Directive,
): Promise<AppModule[]> {
  const files = new Map<ModuleFile, Runnable>();
  for (const runnable of directive.runnables) {
    const file = app.modules.find((m) =>
      m.name === runnable.name && (m.namespace ?? runnable.namespace) === runnable.namespace
    );
    if (!file) {
      throw new StratosError(
        "STRATOS_ERR_MODULE_MISSING",
        `Runnable '${runnable.namespace}::${runnable.name}' has no module: expected ` +
          `${runnable.name}.wasm in ${app.location}`,
      );
    }
    files.set(file, runnable);
  }
  for (const file of app.modules) {
    if (!files.has(file)) {
      throw new StratosError(
        "STRATOS_ERR_MODULE_UNMATCHED",
        `unable to find Runnable for module ${file.name} (${file.path})`,
      );
    }
  }
  return await Promise.all(
    [...files].map(async ([file, runnable]) => ({
      runnable,
      module: await compileBytes(file.path, file.bytes),
    })),
  );
}
