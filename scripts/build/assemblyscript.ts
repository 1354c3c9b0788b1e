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
 * @module
 */

import asc from "assemblyscript/asc";
import { join, relative, resolve } from "node:path";
import { runBuildCommand } from "./cli.ts";
import { buildRunnables, type BuiltModule, hasLang, REPO_ROOT, verifyModule } from "./core.ts";

/** `lang` values of `.runnable.yaml` that mean AssemblyScript (`as` is Subo's alias). */
export const ASSEMBLYSCRIPT_LANGS: readonly string[] = ["assemblyscript", "as"];

/** Folder of the AssemblyScript SDK's sources. */
export const SDK_ASSEMBLY_DIR: string = join(REPO_ROOT, "sdk", "assemblyscript", "assembly");

/** True when the Runnable's `lang` is AssemblyScript. */
export const isAssemblyScript = hasLang(ASSEMBLYSCRIPT_LANGS);

/**
 * The asc arguments for a Runnable folder: its `asconfig.json` when present, else `src/index.ts`
 * with the SDK defaults (minimal runtime, -O3, and `abort`/`trace`/`seed` routed to the SDK).
 *
 * @param dir absolute path of the Runnable folder (asc's `--baseDir`)
 * @param outFile output file name asc reports to `writeFile`
 */
export async function compilerArgs(dir: string, outFile: string): Promise<string[]> {
  const common = ["--baseDir", dir, "--outFile", outFile, "--noColors"];
  if (await exists(join(dir, "asconfig.json"))) {
    return ["--config", "asconfig.json", "--target", "release", ...common];
  }
  // asc names files by their path relative to --baseDir; `--use` must use that name.
  const sdk = relative(dir, SDK_ASSEMBLY_DIR).replaceAll("\\", "/");
  return [
    "src/index.ts",
    ...common,
    "--runtime",
    "minimal",
    "--optimizeLevel",
    "3",
    "--shrinkLevel",
    "0",
    "--use",
    `abort=${sdk}/hooks/abort`,
    "--use",
    `trace=${sdk}/hooks/trace`,
    "--use",
    `seed=${sdk}/hooks/seed`,
  ];
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

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

if (import.meta.main) {
  await runBuildCommand(
    Deno.args,
    REPO_ROOT,
    "AssemblyScript",
    (roots, { check }) => buildAssemblyScriptRunnables(roots, { check }),
  );
}
