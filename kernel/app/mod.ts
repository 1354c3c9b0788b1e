/**
 * Application sources: Atmo bundles and project folders.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import type { AppSource } from "./app_source.ts";
import { openProject } from "./project.ts";
import {
  type BundleLimitOptions,
  type BundleLimits,
  bundleLimits,
  checkBundleFile,
  DEFAULT_BUNDLE_LIMITS,
} from "./bundle_limits.ts";

export type { AppSource, DirectiveText, ModuleFile } from "./app_source.ts";
export { staticPath } from "./app_source.ts";
export { openProject } from "./project.ts";
export { type AppModule, compileAppModules } from "./modules.ts";
export { parseRunnableSpec, type RunnableSpec, runnableSpecFile } from "./runnable_spec.ts";

/**
 * Opens `path`: a `.wasm.zip` bundle, a project folder, or a folder holding only
 * `runnables.wasm.zip` (Atmo's default). A bundle is held to the limits `options` set.
 */
export async function openApp(path: string, options?: BundleLimitOptions): Promise<AppSource> {
  const limits = options ? bundleLimits(options) : DEFAULT_BUNDLE_LIMITS;
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    throw new StratosError("STRATOS_ERR_APP_NOT_FOUND", `${path} does not exist`);
  }
  if (info.isFile) return await readBundle(path, limits);
  try {
    return await openProject(path);
  } catch (error) {
    const bundle = `${path.replace(/\/+$/, "")}/runnables.wasm.zip`;
    if (error instanceof StratosError && error.code === "STRATOS_ERR_APP_NOT_FOUND") {
      const exists = await Deno.stat(bundle).then(() => true, () => false);
      if (exists) return await readBundle(bundle, limits);
    }
    throw error;
  }
}

/**
 * Reads a bundle, refusing a file past the total limit before reading it; the zip reader is
 * imported only for bundles (it costs start-up time).
 */
async function readBundle(path: string, limits: BundleLimits): Promise<AppSource> {
  checkBundleFile(path, (await Deno.stat(path)).size, limits);
  const { openBundle } = await import("./bundle.ts");
  return openBundle(path, await Deno.readFile(path), limits);
}
