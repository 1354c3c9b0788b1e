/**
 * The bundle command, `stratos bundle [PATH] [OUT.wasm.zip]`: writes the Atmo bundle of a project
 * whose Runnables are built (`stratos build`), after validating its Directive, to `OUT` (default:
 * `PATH/runnables.wasm.zip`, where Atmo looks for it), creating missing folders.
 *
 * @module
 */

import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { state, writeBundle } from "./project.ts";

/** The usage line of the bundle command. */
export const BUNDLE_USAGE = "usage: stratos bundle [PATH] [OUT.wasm.zip]   (default OUT: " +
  "PATH/runnables.wasm.zip)";

/**
 * Runs the bundle command with `args` in the current folder.
 *
 * @returns the exit status: 0, 1 (a module missing, an invalid Directive, a bundle that cannot
 *   be written), 2 (usage)
 */
export async function runBundle(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${BUNDLE_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(BUNDLE_USAGE);
    return 0;
  }
  const [path = ".", out, ...extra] = parsed.positionals;
  if (extra.length > 0) {
    console.error(
      `error: expected PATH and OUT at most, found ${extra.join(" ")}\n${BUNDLE_USAGE}`,
    );
    return 2;
  }
  const root = resolve(path);
  const target = resolve(out ?? join(root, "runnables.wasm.zip"));
  try {
    const bundle = await writeBundle(root, target);
    console.log(
      `${relative(Deno.cwd(), bundle.path)}  bundle  ${bundle.size} bytes  ` +
        state(bundle.changed, false),
    );
    return 0;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}
