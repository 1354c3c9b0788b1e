/**
 * A project folder as a boundary: every path Stratos reads in it is resolved through its
 * symlinks first, and a path that resolves outside the folder is refused. Links that stay inside
 * are fine. At start an escaping link is an error naming the link and where it points; at
 * request time (static files) it reads as a missing file, so a link made after start leaks
 * nothing either.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import { isWithin, joinPath } from "./paths.ts";

/** Whether resolving failed because nothing is there (missing, dangling or looping link). */
function leadsNowhere(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound || error instanceof Deno.errors.FilesystemLoop;
}

/** A project folder whose reads cannot leave it through symlinks. */
export class AppFolder {
  private constructor(
    /** The folder as the user named it (used in messages). */
    readonly dir: string,
    /** Its real path. */
    readonly root: string,
  ) {}

  /** The folder at `dir`. */
  static async open(dir: string): Promise<AppFolder> {
    return new AppFolder(dir, await Deno.realPath(dir));
  }

  /**
   * The real path of `path` (inside the folder), or `undefined` when nothing is there.
   * @throws StratosError `STRATOS_ERR_APP_ESCAPE` when it resolves outside the folder
   */
  async resolve(path: string): Promise<string | undefined> {
    let real: string;
    try {
      real = await Deno.realPath(path);
    } catch (error) {
      if (leadsNowhere(error)) return undefined;
      throw error;
    }
    if (isWithin(this.root, real)) return real;
    const target = await Deno.readLink(path).catch(() => undefined);
    const how = target === undefined
      ? "resolves to"
      : `is a symlink to ${target}, which resolves to`;
    throw new StratosError(
      "STRATOS_ERR_APP_ESCAPE",
      `${path} ${how} ${real}, outside the app folder ${this.dir} (symlinks may only lead to ` +
        "files inside it)",
    );
  }

  /** The real path of `path` at request time, or `undefined` when missing or outside. */
  resolveSync(path: string): string | undefined {
    try {
      const real = Deno.realPathSync(path);
      return isWithin(this.root, real) ? real : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Reads the file at `path` through its real path, or `undefined` when nothing is there.
   * @throws StratosError `STRATOS_ERR_APP_ESCAPE` when it resolves outside the folder
   */
  async read(path: string): Promise<Uint8Array | undefined> {
    const real = await this.resolve(path);
    return real === undefined ? undefined : await Deno.readFile(real);
  }

  /**
   * Checks every symlink in the tree under `path` (not descending into linked folders: where
   * they lead is inside, and is checked again at each read).
   * @throws StratosError `STRATOS_ERR_APP_ESCAPE` naming the first link that leads outside
   */
  async checkLinks(path: string): Promise<void> {
    const real = await this.resolve(path);
    if (real === undefined || !(await Deno.stat(real)).isDirectory) return;
    for await (const entry of Deno.readDir(path)) {
      const child = joinPath(path, entry.name);
      if (entry.isSymlink) await this.resolve(child);
      else if (entry.isDirectory) await this.checkLinks(child);
    }
  }
}
