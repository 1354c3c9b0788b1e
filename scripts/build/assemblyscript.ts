/**
 * Builds the AssemblyScript Runnables of the examples with the compiler pinned in `deno.json`
 * (`assemblyscript` = npm:assemblyscript@0.28.20), so a fresh machine needs nothing but Deno.
 *
 * ```sh
 * deno run -A scripts/build/assemblyscript.ts            # every Runnable under examples/
 * deno run -A scripts/build/assemblyscript.ts examples/hello/hello
 * deno run -A scripts/build/assemblyscript.ts --check    # verify the committed .wasm, write nothing
 * ```
 *
 * A Runnable is a folder with a `.runnable.yaml` (any file named `.runnable.*`, as in Subo)
 * whose `lang` is `assemblyscript` or `as`. It is compiled from its `asconfig.json` (target
 * `release`) or, without one, from `src/index.ts` with the SDK's default flags, and written to
 * `<folder>/<name>.wasm`. The output is deterministic: rebuilding gives the same bytes.
 *
 * The SDK resolves as the package `@stratos/runnable`: from a `node_modules` folder of the
 * Runnable (after `npm install <this checkout>/sdk/assemblyscript`), else from this checkout.
 *
 * @module
 */

import asc from "assemblyscript/asc";
import { join, relative, resolve, sep } from "node:path";
import { runBuildCommand } from "./cli.ts";
import { buildRunnables, type BuiltModule, hasLang, REPO_ROOT, verifyModule } from "./core.ts";
import { exists } from "../lib/mod.ts";

/** `lang` values of `.runnable.yaml` that mean AssemblyScript (`as` is Subo's alias). */
export const ASSEMBLYSCRIPT_LANGS: readonly string[] = ["assemblyscript", "as"];

/** Folder of the AssemblyScript SDK package (`@stratos/runnable`). */
export const SDK_PACKAGE_DIR: string = join(REPO_ROOT, "sdk", "assemblyscript");

/** Folder of the AssemblyScript SDK's sources. */
export const SDK_ASSEMBLY_DIR: string = join(SDK_PACKAGE_DIR, "assembly");

/** The SDK's package name, as Runnables import it. */
export const SDK_PACKAGE = "@stratos/runnable";

/**
 * The compiler options of a Runnable built with the SDK (the defaults when it has no
 * `asconfig.json`): the minimal runtime, `-O3`, and the builtins that would import functions no
 * Runnable host has routed to the SDK's hooks (see {@link sdkHooks}).
 */
export const SDK_COMPILER_OPTIONS = { runtime: "minimal", optimizeLevel: 3, shrinkLevel: 0 };

/** The `--use` values that route `abort`, `trace` and `seed` to the SDK's hooks at `sdk`. */
export function sdkHooks(sdk: string): string[] {
  return ["abort", "trace", "seed"].map((hook) => `${hook}=${sdk}/hooks/${hook}`);
}

/** The SDK's sources as asc names them when they come from the package. */
export const SDK_PACKAGE_SOURCES = `~lib/${SDK_PACKAGE}/assembly`;

/**
 * A package folder asc searches after the Runnable's `node_modules` folders (`--path`). It is
 * not on disk: {@link readSource} reads this checkout's SDK for the files asc asks of it there.
 */
const FALLBACK_PACKAGES = join(REPO_ROOT, "sdk", ".packages");
const FALLBACK_SDK = join(FALLBACK_PACKAGES, SDK_PACKAGE) + sep;

/** How asc reads a source file (its default, but with {@link FALLBACK_PACKAGES} mapped). */
function readSource(name: string, baseDir: string): Promise<string | null> {
  const path = resolve(baseDir, name);
  const real = path.startsWith(FALLBACK_SDK)
    ? join(SDK_PACKAGE_DIR, path.slice(FALLBACK_SDK.length))
    : path;
  return Deno.readTextFile(real).catch(() => null);
}

/** True when the Runnable's `lang` is AssemblyScript. */
export const isAssemblyScript = hasLang(ASSEMBLYSCRIPT_LANGS);

/**
 * The asc arguments for a Runnable folder: its `asconfig.json` when present, else `src/index.ts`
 * with the SDK defaults ({@link SDK_COMPILER_OPTIONS}, and `abort`/`trace`/`seed` routed to the
 * SDK's hooks, named as asc names the SDK's files: `~lib/@stratos/runnable/assembly` when the
 * sources import the package, else their path relative to the Runnable, for sources that import
 * the SDK by a relative path).
 *
 * @param dir absolute path of the Runnable folder (asc's `--baseDir`)
 * @param outFile output file name asc reports to `writeFile`
 */
export async function compilerArgs(dir: string, outFile: string): Promise<string[]> {
  const common = [
    "--baseDir",
    dir,
    "--outFile",
    outFile,
    "--noColors",
    "--path",
    FALLBACK_PACKAGES,
  ];
  if (await exists(join(dir, "asconfig.json"))) {
    return ["--config", "asconfig.json", "--target", "release", ...common];
  }
  const sdk = await importsPackage(join(dir, "src"))
    ? SDK_PACKAGE_SOURCES
    : relative(dir, SDK_ASSEMBLY_DIR).replaceAll("\\", "/");
  return [
    "src/index.ts",
    ...common,
    ...Object.entries(SDK_COMPILER_OPTIONS).flatMap(([key, value]) => [`--${key}`, String(value)]),
    ...sdkHooks(sdk).flatMap((use) => ["--use", use]),
  ];
}

/** Whether a source file below `dir` imports the SDK's package (false when there is no `dir`). */
async function importsPackage(dir: string): Promise<boolean> {
  const importing = new RegExp(`from\\s*["']${SDK_PACKAGE}["']`);
  if (!await exists(dir)) return false;
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (
      entry.isDirectory ? await importsPackage(path) : importing.test(await Deno.readTextFile(path))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Compiles one AssemblyScript Runnable with the pinned asc and checks the module's shape.
 *
 * @param dir the Runnable's folder
 * @returns the Wasm module's bytes (nothing is written to disk)
 * @throws Error with the compiler's diagnostics when compilation fails, or when the module does
 *   not export memory/allocate/deallocate/run_e or imports from other modules than env/WASI
 */
export async function buildAssemblyScriptRunnable(dir: string): Promise<Uint8Array> {
  const abs = resolve(dir);
  const outFile = "__stratos_build__.wasm";
  let binary: Uint8Array | null = null;
  let diagnostics = "";
  const sink = {
    write(chunk: string | Uint8Array): void {
      diagnostics += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
    },
  };
  const result = await asc.main(await compilerArgs(abs, outFile), {
    stdout: sink,
    stderr: sink,
    readFile: readSource,
    writeFile(name: string, contents: Uint8Array | string) {
      if (name === outFile && typeof contents !== "string") binary = contents;
    },
  });
  if (result.error || binary === null) {
    const reason = result.error?.message ?? "asc produced no module";
    throw new Error(`failed to compile ${abs}: ${reason}\n${diagnostics}`.trimEnd());
  }
  const bytes = new Uint8Array(binary);
  verifyModule(bytes, abs);
  return bytes;
}

/**
 * Builds every AssemblyScript Runnable found in `roots` into `<dir>/<name>.wasm`.
 *
 * @param roots folders to search (a Runnable folder or any folder above it)
 * @param options `check`: compare with the files on disk instead of writing them
 * @returns one report per module
 */
export function buildAssemblyScriptRunnables(
  roots: string[],
  options: { check?: boolean } = {},
): Promise<BuiltModule[]> {
  return buildRunnables(roots, isAssemblyScript, buildAssemblyScriptRunnable, options.check);
}

if (import.meta.main) {
  await runBuildCommand(
    Deno.args,
    REPO_ROOT,
    "AssemblyScript",
    (roots, { check }) => buildAssemblyScriptRunnables(roots, { check }),
  );
}
