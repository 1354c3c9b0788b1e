/**
 * Project folders: `Directive.yaml` (and optional `Queries.yaml`) plus modules and `static/`.
 *
 * Modules are found in two places:
 * - Subo's layout: a sub-folder with a `.runnable.yaml` (name defaults to the folder name,
 *   namespace to `default`) holding `<name>.wasm`;
 * - a `<name>.wasm` file at the top of the project (namespace `default`).
 *
 * @module
 */

import { parse as parseYaml } from "yaml";
import { join } from "node:path";
import { StratosError } from "../errors.ts";
import type { Runnable } from "../directive/types.ts";
import { type AppSource, type ModuleFile, staticPath } from "./app_source.ts";

/** Opens the project folder at `dir`. */
export async function openProject(dir: string): Promise<AppSource> {
  const directivePath = join(dir, "Directive.yaml");
  const text = await readText(directivePath);
  if (text === undefined) {
    throw new StratosError(
      "STRATOS_ERR_APP_NOT_FOUND",
      `${dir} has no Directive.yaml (expected a project folder or a .wasm.zip bundle)`,
    );
  }
  const queriesPath = join(dir, "Queries.yaml");
  // Everything is read concurrently: start-up waits for the slowest file, not for their sum.
  const [queriesText, found] = await Promise.all([
    readText(queriesPath),
    Promise.all((await Array.fromAsync(Deno.readDir(dir))).map((entry) => readEntry(dir, entry))),
  ]);
  const modules: ModuleFile[] = [];
  const runnables: Runnable[] = [];
  for (const item of found) {
    if (item === undefined) continue;
    modules.push(item.module);
    runnables.push(item.runnable);
  }
  modules.sort((a, b) => a.name.localeCompare(b.name));
  runnables.sort((a, b) => a.name.localeCompare(b.name));
  const staticDir = join(dir, "static");
  return {
    location: dir,
    kind: "project",
    directive: {
      path: directivePath,
      text,
      queries: queriesText === undefined ? undefined : { path: queriesPath, text: queriesText },
    },
    modules,
    runnables,
    staticFile(name) {
      const path = staticPath(name);
      if (path === undefined) return undefined;
      try {
        return Deno.readFileSync(join(staticDir, path));
      } catch {
        return undefined;
      }
    },
  };
}

/** The module and Runnable an entry of the project folder holds, if any. */
async function readEntry(
  dir: string,
  entry: Deno.DirEntry,
): Promise<{ module: ModuleFile; runnable: Runnable } | undefined> {
  // A symlinked module (e.g. shared with another app) counts as a file.
  if ((entry.isFile || entry.isSymlink) && entry.name.endsWith(".wasm")) {
    const name = entry.name.slice(0, -".wasm".length);
    const path = join(dir, entry.name);
    return {
      module: { name, path, bytes: await Deno.readFile(path) },
      runnable: runnable(name, "default"),
    };
  }
  if (entry.isDirectory) return await readRunnableDir(join(dir, entry.name), entry.name);
  return undefined;
}

/** Reads a Subo Runnable folder (`.runnable.yaml` + `<name>.wasm`), if `dir` is one. */
async function readRunnableDir(
  dir: string,
  folderName: string,
): Promise<{ module: ModuleFile; runnable: Runnable } | undefined> {
  let specName: string | undefined;
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.startsWith(".runnable.")) specName = entry.name;
  }
  if (specName === undefined) return undefined;
  const specPath = join(dir, specName);
  let spec: Record<string, unknown>;
  try {
    const parsed = parseYaml((await readText(specPath)) ?? "");
    spec = parsed && typeof parsed === "object" ? parsed as Record<string, unknown> : {};
  } catch (error) {
    throw new StratosError(
      "STRATOS_ERR_RUNNABLE_SPEC_INVALID",
      `${specPath}: ${error instanceof Error ? error.message : error}`,
    );
  }
  const name = typeof spec.name === "string" && spec.name ? spec.name : folderName;
  const namespace = typeof spec.namespace === "string" && spec.namespace
    ? spec.namespace
    : "default";
  const wasmPath = join(dir, `${name}.wasm`);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(wasmPath);
  } catch {
    throw new StratosError(
      "STRATOS_ERR_MODULE_NOT_BUILT",
      `Runnable '${name}' in ${dir} has no module ${wasmPath} (build it first, e.g. deno task build:examples)`,
    );
  }
  const described = runnable(name, namespace);
  for (const key of ["lang", "version", "draftVersion", "apiVersion"] as const) {
    if (typeof spec[key] === "string") described[key] = spec[key] as string;
  }
  return { module: { name, namespace, path: wasmPath, bytes }, runnable: described };
}

function runnable(name: string, namespace: string): Runnable {
  return { name, namespace, fqfn: "" };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
