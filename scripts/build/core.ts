/**
 * The core every Runnable build shares: finding Runnable folders (Subo's layout, read with the
 * kernel's `.runnable.*` reader), checking a module's Runnable ABI shape (the kernel's list of
 * required exports), and writing, or with `check` comparing, the built `<folder>/<name>.wasm`.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRunnableSpec, runnableSpecFile } from "../../kernel/app/mod.ts";
import { REQUIRED_EXPORTS } from "../../kernel/wasm/module.ts";

/** Root of the repository (two levels above this file). */
export const REPO_ROOT: string = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Import modules a Runnable module may use: the host ABI, and WASI. */
export const ALLOWED_IMPORT_MODULES: readonly string[] = ["env", "wasi_snapshot_preview1"];

/** A Runnable folder and what its `.runnable.*` file says. */
export interface RunnableInfo {
  /** Absolute path of the Runnable's folder. */
  dir: string;
  /** `name` (defaults to the folder name). */
  name: string;
  /** `namespace` (defaults to `default`). */
  namespace: string;
  /** `lang` as written, e.g. `assemblyscript` (`""` when absent). */
  lang: string;
}

/** One module a build wrote or checked. */
export interface BuiltModule {
  /** The Runnable. */
  runnable: RunnableInfo;
  /** Path of `<dir>/<name>.wasm`. */
  wasmPath: string;
  /** Size of the module in bytes. */
  size: number;
  /** Whether the file on disk differed from the build (`check`) or was rewritten. */
  changed: boolean;
}

/** A test of whether a Runnable's `lang` is one of `langs` (any case). */
export function hasLang(langs: readonly string[]): (runnable: RunnableInfo) => boolean {
  return (runnable) => langs.includes(runnable.lang.toLowerCase());
}

/**
 * Reads the `.runnable.*` file of `dir`.
 *
 * @param dir folder that may hold a Runnable
 * @returns its metadata, or `null` when `dir` holds no `.runnable.*` file
 * @throws StratosError when the file is not a YAML mapping
 */
export async function readRunnable(dir: string): Promise<RunnableInfo | null> {
  const abs = resolve(dir);
  const file = await runnableSpecFile(abs);
  if (file === undefined) return null;
  const path = join(abs, file);
  const spec = parseRunnableSpec(path, await Deno.readTextFile(path), basename(abs));
  return { dir: abs, name: spec.name, namespace: spec.namespace, lang: spec.lang ?? "" };
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

/**
 * `env` imports the AssemblyScript compiler itself emits when a Runnable uses a library feature
 * no Runnable host provides (`abort`/`trace`/`seed` without the SDK's `--use` flags,
 * `console.*`, `Date.now`, `process.*`). Any other `env` import is a host function: the ABI's,
 * or one a plugin adds.
 */
export function isCompilerImport(name: string): boolean {
  return ["abort", "trace", "seed"].includes(name) || name.includes(".");
}

/**
 * Checks the Runnable ABI shape of a module: the exports the kernel requires (with their kinds),
 * imports only from {@link ALLOWED_IMPORT_MODULES}, and no `env` import the compiler emits for
 * features Runnables cannot use ({@link isCompilerImport}; e.g. `env.abort` means the SDK's
 * `--use` flags are missing).
 *
 * @param bytes the module
 * @param label name used in error messages
 * @throws Error saying what was expected and what was found
 */
export function verifyModule(bytes: Uint8Array, label = "module"): void {
  const mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  const exports = new Map(WebAssembly.Module.exports(mod).map((e) => [e.name, e.kind]));
  const missing = Object.entries(REQUIRED_EXPORTS)
    .filter(([name, kind]) => exports.get(name) !== kind)
    .map(([name, kind]) =>
      exports.has(name) ? `${name} (a ${exports.get(name)}, expected a ${kind})` : name
    );
  if (missing.length > 0) {
    const expected = Object.keys(REQUIRED_EXPORTS).join(", ");
    throw new Error(`${label}: expected exports ${expected}; missing ${missing.join(", ")}`);
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
 * Compares `bytes` with the file at `path` and, unless `check`, writes them when they differ.
 * @returns whether the file was missing or differed
 */
export async function storeBuilt(path: string, bytes: Uint8Array, check = false): Promise<boolean> {
  const current = await Deno.readFile(path).catch(() => null);
  const changed = current === null || !sameBytes(current, bytes);
  if (changed && !check) await Deno.writeFile(path, bytes);
  return changed;
}

/** Stores the module built for `runnable` as `<dir>/<name>.wasm` ({@link storeBuilt}). */
export async function storeModule(
  runnable: RunnableInfo,
  bytes: Uint8Array,
  check = false,
): Promise<BuiltModule> {
  const wasmPath = join(runnable.dir, `${runnable.name}.wasm`);
  const changed = await storeBuilt(wasmPath, bytes, check);
  return { runnable, wasmPath, size: bytes.length, changed };
}

/**
 * Builds every Runnable found in `roots` that `accepts`, one after the other and each once, into
 * `<dir>/<name>.wasm` (or, with `check`, compares with those files).
 *
 * @param roots folders to search (a Runnable folder or any folder above it)
 * @param accepts whether this build compiles the Runnable (by its `lang`)
 * @param compile builds the module of a Runnable folder
 * @returns one report per module
 */
export async function buildRunnables(
  roots: readonly string[],
  accepts: (runnable: RunnableInfo) => boolean,
  compile: (dir: string) => Promise<Uint8Array>,
  check = false,
): Promise<BuiltModule[]> {
  const reports: BuiltModule[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    for (const runnable of await findRunnables(root)) {
      if (!accepts(runnable) || seen.has(runnable.dir)) continue;
      seen.add(runnable.dir);
      reports.push(await storeModule(runnable, await compile(runnable.dir), check));
    }
  }
  return reports;
}

/** True when both byte arrays are identical. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
