/**
 * Test support: recursive folder copy.
 *
 * @module
 */

import { join } from "node:path";

/** Copies the folder `from` into `to` (created if needed). */
export async function copy(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) await copy(source, target);
    else await Deno.copyFile(source, target);
  }
}
