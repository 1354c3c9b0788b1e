/**
 * The command line the per-language builds share (`assemblyscript.ts`, `go.ts`, `rust.ts` in
 * `scripts/build/`): `[DIR...] [--check] [--install]`, one line per module, exit 1
 * when `--check` finds a module that differs, or with the message of an error (no stack trace).
 *
 * @module
 */

import { join, relative } from "node:path";
import type { BuiltModule } from "./core.ts";

/** What the command line asks of a build. */
export interface BuildFlags {
  /** Rebuild and compare, write nothing. */
  check: boolean;
  /** Install a missing toolchain (where the build can). */
  install: boolean;
}

/**
 * Runs a build script as a command: `build` over the folders of `args` (default: `examples/` of
 * the repository at `repoRoot`), then exits.
 *
 * @param language the Runnables' language, for the line printed when none is found
 */
export async function runBuildCommand(
  args: string[],
  repoRoot: string,
  language: string,
  build: (roots: string[], flags: BuildFlags) => Promise<BuiltModule[]>,
): Promise<never> {
  try {
    const flags = new Set(args.filter((a) => a.startsWith("--")));
    const dirs = args.filter((a) => !a.startsWith("--"));
    const check = flags.has("--check");
    const roots = dirs.length > 0 ? dirs : [join(repoRoot, "examples")];
    const reports = await build(roots, { check, install: flags.has("--install") });
    for (const r of reports) {
      const state = check ? (r.changed ? "DIFFERS" : "ok") : (r.changed ? "written" : "unchanged");
      console.log(`${relative(Deno.cwd(), r.wasmPath)}  ${r.size} bytes  ${state}`);
    }
    if (reports.length === 0) console.log(`no ${language} Runnables under ${roots.join(", ")}`);
    Deno.exit(check && reports.some((r) => r.changed) ? 1 : 0);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    Deno.exit(1);
  }
}
