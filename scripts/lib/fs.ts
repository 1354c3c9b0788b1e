/**
 * File-system questions the tools ask.
 *
 * @module
 */

/** Whether something (a file, a folder, a link) is at `path`; other errors than "not found" throw. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
