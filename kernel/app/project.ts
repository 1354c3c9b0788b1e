/**
 * Project folders: `Directive.yaml` (and optional `Queries.yaml`) plus modules and `static/`.
 *
 * Modules are found in two places:
 * - Subo's layout: a sub-folder with a `.runnable.yaml` (name defaults to the folder name,
 *   namespace to `default`) holding `<name>.wasm`;
 * - a `<name>.wasm` file at the top of the project (namespace `default`).
 *
 * Every file is read through an {@link AppFolder}: a symlink may lead anywhere inside the folder,
 * never outside it (start-up fails naming the link; a static file read at request time through
 * such a link, even one made after start, is a missing file).
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import type { Runnable } from "../directive/types.ts";
import { type AppSource, type ModuleFile, staticPath } from "./app_source.ts";
import { AppFolder } from "./app_folder.ts";
import { joinPath } from "./paths.ts";
import { parseRunnableSpec, runnableSpecFile } from "./runnable_spec.ts";

const decoder = new TextDecoder();

/** Opens the project folder at `dir`. */
export async function openProject(dir: string): Promise<AppSource> {
  const folder = await AppFolder.open(dir);
  const directivePath = joinPath(dir, "Directive.yaml");
  const text = await readText(folder, directivePath);
  if (text === undefined) {
    throw new StratosError(
      "STRATOS_ERR_APP_NOT_FOUND",
      `${dir} has no Directive.yaml (expected a project folder or a .wasm.zip bundle)`,
    );
  }
  const queriesPath = joinPath(dir, "Queries.yaml");
  // Everything is read concurrently: start-up waits for the slowest file, not for their sum.
  const staticDir = joinPath(dir, "static");
  // The listing comes first: a read failing while it is awaited would go unhandled.
  const listing = await Array.fromAsync(Deno.readDir(dir));
  const [queriesText, found] = await Promise.all([
    readText(folder, queriesPath),
    Promise.all(listing.map((entry) => readEntry(folder, entry))),
    folder.checkLinks(staticDir),
  ]);
  const modules: ModuleFile[] = [];
  const runnables: Runnable[] = [];
  for (const item of found) {
    if (item === undefined) continue;
    modules.push(item.module);
    runnables.push(item.runnable);
  }
  modules.sort(byName);
  runnables.sort(byName);
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
      const real = path === undefined ? undefined : folder.resolveSync(joinPath(staticDir, path));
      try {
        // Only regular files: reading a FIFO or a device would block or never end.
        return real !== undefined && Deno.statSync(real).isFile
          ? Deno.readFileSync(real)
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The module and Runnable an entry of the project folder holds, if any. */
async function readEntry(
  folder: AppFolder,
  entry: Deno.DirEntry,
): Promise<{ module: ModuleFile; runnable: Runnable } | undefined> {
  const path = joinPath(folder.dir, entry.name);
  // A symlinked module (e.g. shared with another module of the app) counts as a file.
  if ((entry.isFile || entry.isSymlink) && entry.name.endsWith(".wasm")) {
    const name = entry.name.slice(0, -".wasm".length);
    const bytes = await folder.read(path);
    if (bytes === undefined) throw notBuilt(name, folder.dir, path);
    return { module: { name, path, bytes }, runnable: runnable(name, "default") };
  }
  const linkedFolder = entry.isSymlink &&
    await Deno.stat(path).then((info) => info.isDirectory, () => false);
  if (entry.isDirectory || linkedFolder) return await readRunnableDir(folder, path, entry.name);
  return undefined;
}

function notBuilt(name: string, dir: string, wasmPath: string): StratosError {
  return new StratosError(
    "STRATOS_ERR_MODULE_NOT_BUILT",
    `Runnable '${name}' in ${dir} has no module ${wasmPath} (build it first: stratos build)`,
  );
}

/**
 * Reads a Subo Runnable folder (`.runnable.yaml` + `<name>.wasm`), if `dir` is one; a linked
 * folder holding a `.runnable.*` file must lead inside the app.
 */
async function readRunnableDir(
  folder: AppFolder,
  dir: string,
  folderName: string,
): Promise<{ module: ModuleFile; runnable: Runnable } | undefined> {
  const specName = await runnableSpecFile(dir);
  if (specName === undefined) return undefined;
  await folder.resolve(dir);
  const specPath = joinPath(dir, specName);
  const { name, namespace, ...rest } = parseRunnableSpec(
    specPath,
    (await readText(folder, specPath)) ?? "",
    folderName,
  );
  const wasmPath = joinPath(dir, `${name}.wasm`);
  const bytes = await folder.read(wasmPath);
  if (bytes === undefined) throw notBuilt(name, dir, wasmPath);
  return {
    module: { name, namespace, path: wasmPath, bytes },
    runnable: { ...runnable(name, namespace), ...rest },
  };
}

function runnable(name: string, namespace: string): Runnable {
  return { name, namespace, fqfn: "" };
}

async function readText(folder: AppFolder, path: string): Promise<string | undefined> {
  const bytes = await folder.read(path);
  return bytes === undefined ? undefined : decoder.decode(bytes);
}

/**
 * Orders by name, code unit by code unit: the same on every machine, and without the collation
 * tables `localeCompare` loads on its first call (8 ms of start-up).
 */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
