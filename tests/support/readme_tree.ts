/**
 * Test support: the folder tree of the README's "Architecture" section, compared with the
 * folders on disk.
 *
 * The tree is the first fenced block after the `## Architecture` heading. Each line is one entry:
 * its name (a folder ends with `/`; names hold no spaces), indented two spaces per level below its
 * parent, then a description. Every entry must exist, and the tree must list every top-level
 * folder and every sub-folder of `kernel/`, `plugins/` and `capabilities/` (hidden folders and the
 * top-level folders `.gitignore` names are not part of the repository and need no line).
 *
 * @module
 */

import { join } from "node:path";

/** One entry of the tree. */
export interface TreeEntry {
  /** Path from the repository root, without a trailing slash (`kernel/wasm`). */
  path: string;
  /** Whether the entry is a folder (written with a trailing `/`). */
  folder: boolean;
  /** Line number inside the block, from 1. */
  line: number;
}

/** Folders whose every sub-folder the tree must list (`""` is the root). */
export const LISTED_IN_FULL: readonly string[] = ["", "kernel", "plugins", "capabilities"];

/**
 * The text of the fenced block under the `## Architecture` heading of `readme`.
 * @throws {Error} when there is no such heading or no block after it
 */
export function architectureBlock(readme: string): string {
  const heading = readme.search(/^## Architecture$/m);
  if (heading === -1) throw new Error("README.md has no '## Architecture' heading");
  const match = /^```[^\n]*\n([\s\S]*?)^```$/m.exec(readme.slice(heading));
  if (!match) throw new Error("README.md's Architecture section has no fenced tree block");
  return match[1];
}

/**
 * Parses a tree block into its entries.
 * @throws {Error} naming the line when its indentation is odd or deeper than its parent's
 */
export function parseTree(block: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const parents: string[] = [];
  block.split("\n").forEach((text, index) => {
    if (text.trim() === "") return;
    const line = index + 1;
    const indent = text.length - text.trimStart().length;
    const depth = indent / 2;
    if (!Number.isInteger(depth) || depth > parents.length) {
      throw new Error(
        `tree line ${line} ('${text.trim()}'): expected an indentation of 0 to ` +
          `${parents.length * 2} spaces in steps of two, found ${indent}`,
      );
    }
    const name = text.trimStart().split(/\s/)[0];
    parents.length = depth;
    const folder = name.endsWith("/");
    const path = [...parents, folder ? name.slice(0, -1) : name].join("/");
    entries.push({ path, folder, line });
    if (folder) parents.push(name.slice(0, -1));
  });
  return entries;
}

/** The top-level folders a `.gitignore` text names (`dist/`, `/node_modules/`). */
export function ignoredFolders(gitignore: string): string[] {
  return gitignore.split("\n").flatMap((raw) => {
    const match = /^\/?([^/*!#\s]+)\/$/.exec(raw.trim());
    return match ? [match[1]] : [];
  });
}

async function subFolders(root: string, folder: string, ignored: readonly string[]) {
  const found: string[] = [];
  for await (const entry of Deno.readDir(join(root, folder))) {
    if (!entry.isDirectory || entry.name.startsWith(".")) continue;
    if (folder === "" && ignored.includes(entry.name)) continue;
    found.push(folder === "" ? entry.name : `${folder}/${entry.name}`);
  }
  return found.sort();
}

async function kindOf(path: string): Promise<"folder" | "file" | undefined> {
  try {
    return (await Deno.stat(path)).isDirectory ? "folder" : "file";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Every difference between the tree and the repository at `root`, one line each: entries that do
 * not exist (or are a file where the tree says folder, or the reverse), and folders the tree must
 * list but does not.
 *
 * @param ignored top-level folders that are not part of the repository (see {@link ignoredFolders})
 */
export async function treeProblems(
  root: string,
  entries: readonly TreeEntry[],
  ignored: readonly string[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of entries) {
    const kind = await kindOf(join(root, entry.path));
    const expected = entry.folder ? "folder" : "file";
    if (kind === undefined) {
      problems.push(
        `tree line ${entry.line}: ${entry.path}${entry.folder ? "/" : ""} does not exist`,
      );
    } else if (kind !== expected) {
      problems.push(
        `tree line ${entry.line}: ${entry.path} is a ${kind}, the tree says ${expected}`,
      );
    }
  }
  const listed = new Set(entries.filter((e) => e.folder).map((e) => e.path));
  for (const folder of LISTED_IN_FULL) {
    for (const path of await subFolders(root, folder, ignored)) {
      if (!listed.has(path)) problems.push(`${path}/ exists but the tree does not list it`);
    }
  }
  return problems;
}
