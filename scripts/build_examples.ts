/**
 * Builds the AssemblyScript Runnables of the examples with the compiler pinned in `deno.json`
 * (`assemblyscript` = npm:assemblyscript@0.28.20), so a fresh machine needs nothing but Deno.
 *
 * ```sh
 * deno run -A scripts/build_examples.ts            # every Runnable under examples/
 * deno run -A scripts/build_examples.ts examples/hello/hello
 * deno run -A scripts/build_examples.ts --check    # verify the committed .wasm, write nothing
 * ```
 *
 * A Runnable is a folder with a `.runnable.yaml` (any file named `.runnable.*`, as in Subo)
 * whose `lang` is `assemblyscript` or `as`. It is compiled from its `asconfig.json` (target
 * `release`) or, without one, from `src/index.ts` with the SDK's default flags, and written to
 * `<folder>/<name>.wasm`. The output is deterministic: rebuilding gives the same bytes.
 *
 * @module
 */

import { runBuildCommand } from "./build_cli.ts";
import asc from "assemblyscript/asc";
import { parse as parseYaml } from "yaml";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** `lang` values of `.runnable.yaml` that mean AssemblyScript (`as` is Subo's alias). */
export const ASSEMBLYSCRIPT_LANGS: readonly string[] = ["assemblyscript", "as"];

/** Exports every Runnable module must have: its memory, `allocate`, `deallocate` and `run_e`. */
export const REQUIRED_EXPORTS: readonly string[] = ["memory", "allocate", "deallocate", "run_e"];

/** Import modules a Runnable module may use: the host ABI, and WASI (only for `Math.random`). */
export const ALLOWED_IMPORT_MODULES: readonly string[] = ["env", "wasi_snapshot_preview1"];

/**
 * `env` imports the AssemblyScript compiler itself emits when a Runnable uses a library feature
 * no Runnable host provides (`abort`/`trace`/`seed` without the SDK's `--use` flags,
 * `console.*`, `Date.now`, `process.*`). Any other `env` import is a host function: the ABI's,
 * or one a plugin adds.
 */
export function isCompilerImport(name: string): boolean {
  return ["abort", "trace", "seed"].includes(name) || name.includes(".");
}

/** Root of the repository (the parent of `scripts/`). */
export const REPO_ROOT: string = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** Folder of the AssemblyScript SDK's sources. */
export const SDK_ASSEMBLY_DIR: string = join(REPO_ROOT, "sdk", "assemblyscript", "assembly");

/** What `.runnable.yaml` says about one Runnable folder. */
export interface RunnableInfo {
  /** Absolute path of the Runnable's folder. */
  dir: string;
  /** `name` (defaults to the folder name). */
  name: string;
  /** `namespace` (defaults to `default`). */
  namespace: string;
  /** `lang` as written, e.g. `assemblyscript`. */
  lang: string;
}

/** One module written or checked by {@link buildExamples}. */
export interface BuildReport {
  /** The Runnable. */
  runnable: RunnableInfo;
  /** Path of `<dir>/<name>.wasm`. */
  wasmPath: string;
  /** Size of the module in bytes. */
  size: number;
  /** Whether the file on disk differed from the build (`--check`) or was rewritten. */
  changed: boolean;
}

/**
 * Reads the `.runnable.*` file of `dir`.
 *
 * @param dir folder that may hold a Runnable
 * @returns its metadata, or `null` when `dir` holds no `.runnable.*` file
 */
export async function readRunnable(dir: string): Promise<RunnableInfo | null> {
  const abs = resolve(dir);
  for await (const entry of Deno.readDir(abs)) {
    if (!entry.isFile || !entry.name.startsWith(".runnable.")) continue;
    const doc = parseYaml(await Deno.readTextFile(join(abs, entry.name))) ?? {};
    if (typeof doc !== "object" || Array.isArray(doc)) {
      throw new Error(`${join(abs, entry.name)}: expected a YAML mapping, found ${typeof doc}`);
    }
    const meta = doc as Record<string, unknown>;
    return {
      dir: abs,
      name: typeof meta.name === "string" && meta.name !== "" ? meta.name : basename(abs),
      namespace: typeof meta.namespace === "string" && meta.namespace !== ""
        ? meta.namespace
        : "default",
      lang: typeof meta.lang === "string" ? meta.lang : "",
    };
  }
  return null;
}

/**
 * Finds every Runnable at or below `root` (skipping hidden folders and `node_modules`).
 *
 * @param root folder to search
 * @returns the Runnables, sorted by folder path
 */
export async function findRunnables(root: string): Promise<RunnableInfo[]> {
  const found: RunnableInfo[] = [];
  const walk = async (dir: string): Promise<void> => {
    const runnable = await readRunnable(dir);
    if (runnable) {
      found.push(runnable);
      return;
    }
    const children: string[] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory && !entry.name.startsWith(".") && entry.name !== "node_modules") {
        children.push(join(dir, entry.name));
      }
    }
    for (const child of children.sort()) await walk(child);
  };
  await walk(resolve(root));
  return found.sort((a, b) => a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0);
}

/** True when the Runnable's `lang` is AssemblyScript. */
export function isAssemblyScript(runnable: RunnableInfo): boolean {
  return ASSEMBLYSCRIPT_LANGS.includes(runnable.lang.toLowerCase());
}

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
 * Checks the Runnable ABI shape of a module: the exports of {@link REQUIRED_EXPORTS}, imports
 * only from {@link ALLOWED_IMPORT_MODULES}, and no `env` import the compiler emits for features
 * Runnables cannot use ({@link isCompilerImport}; e.g. `env.abort` means the SDK's `--use` flags
 * are missing).
 *
 * @param bytes the module
 * @param label name used in error messages
 * @throws Error saying what was expected and what was found
 */
export function verifyModule(bytes: Uint8Array, label = "module"): void {
  const mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  const exports = new Set(WebAssembly.Module.exports(mod).map((e) => e.name));
  const missing = REQUIRED_EXPORTS.filter((name) => !exports.has(name));
  if (missing.length > 0) {
    throw new Error(
      `${label}: expected exports ${REQUIRED_EXPORTS.join(", ")}; missing ${missing.join(", ")}`,
    );
  }
  const foreign = WebAssembly.Module.imports(mod)
    .filter((i) =>
      !ALLOWED_IMPORT_MODULES.includes(i.module) ||
      (i.module === "env" && isCompilerImport(i.name))
    )
    .map((i) => `${i.module}.${i.name}`);
  if (foreign.length > 0) {
    throw new Error(
      `${label}: expected imports only of the Runnable ABI (env host functions, WASI); found ${
        foreign.join(", ")
      }`,
    );
  }
}

/**
 * Builds every AssemblyScript Runnable found in `roots` into `<dir>/<name>.wasm`.
 *
 * @param roots folders to search (a Runnable folder or any folder above it)
 * @param options `check`: compare with the files on disk instead of writing them
 * @returns one report per module
 */
export async function buildExamples(
  roots: string[],
  options: { check?: boolean } = {},
): Promise<BuildReport[]> {
  const reports: BuildReport[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    for (const runnable of await findRunnables(root)) {
      if (!isAssemblyScript(runnable) || seen.has(runnable.dir)) continue;
      seen.add(runnable.dir);
      const bytes = await buildAssemblyScriptRunnable(runnable.dir);
      const wasmPath = join(runnable.dir, `${runnable.name}.wasm`);
      const changed = await storeBuilt(wasmPath, bytes, options.check);
      reports.push({ runnable, wasmPath, size: bytes.length, changed });
    }
  }
  return reports;
}

/**
 * Compares `bytes` with the file at `path` and, unless `check`, writes them when they differ.
 * @returns whether the file was missing or differed
 */
export async function storeBuilt(path: string, bytes: Uint8Array, check = false): Promise<boolean> {
  const current = await Deno.readFile(path).catch(() => null);
  const changed = current === null || !sameBytes(current, bytes);
  if (changed && !check) await Deno.writeFile(path, bytes);
  return changed;
}

/** True when both byte arrays are identical. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
    (roots, { check }) => buildExamples(roots, { check }),
  );
}
