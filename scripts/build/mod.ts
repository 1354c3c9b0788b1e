/**
 * Building Runnables and bundles, like Subo: the shared core (finding Runnables, checking the ABI
 * shape, storing modules), one module per language, the WAT compiler, the bundle writer, and the
 * `deno task build` / `stratos build` and `stratos bundle` commands.
 *
 * @module
 */

export {
  buildAssemblyScriptRunnable,
  buildAssemblyScriptRunnables,
  isAssemblyScript,
  SDK_ASSEMBLY_DIR,
  SDK_PACKAGE,
  SDK_PACKAGE_DIR,
} from "./assemblyscript.ts";
export { buildBundle } from "./bundle.ts";
export { BUNDLE_USAGE, runBundle } from "./bundle_command.ts";
export {
  type BuiltModule,
  findRunnables,
  readRunnable,
  REPO_ROOT,
  type RunnableInfo,
  sameBytes,
  verifyModule,
} from "./core.ts";
export { buildGoRunnable, buildGoRunnables, goVersion, verifyGoModule } from "./go.ts";
export {
  BuildError,
  buildProject,
  buildWatRunnable,
  languageOf,
  parseBuildArgs,
  prepareBundlePath,
  runBuild,
  UsageError,
  writeBundle,
} from "./project.ts";
export { buildRustRunnable, buildRustRunnables, RustToolchainError } from "./rust.ts";
export { wat } from "./wat.ts";
