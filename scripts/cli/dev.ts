/**
 * `stratos dev [PATH] [options]`, the developer's loop: builds the app's Runnables, then serves
 * the app as `stratos start` does (same options), in dev mode (`RuntimeOptions.dev`: the answer
 * to a Runnable that panicked carries its message, not only the log). Watching the sources and
 * swapping what changed into the running server extends {@link serveDev}.
 *
 * @module
 */

import { BUILTIN_PLUGINS } from "../../builtin_plugins.ts";
import { defaultAppPath, parseCommand, USAGE } from "../../kernel/cli/args.ts";
import { runCli } from "../../kernel/cli/run.ts";
import { runBuild } from "../build/project.ts";

/** The module replica isolates run (`--workers`): Stratos's entry. */
const MAIN_ENTRY = new URL("../../main.ts", import.meta.url);

/** The usage text of `stratos dev`. */
export const DEV_USAGE = "usage: stratos dev [PATH] [options]   build, then serve in dev mode; " +
  "the options are start's:";

/**
 * Runs `stratos dev` with `args` (after `dev`) until a signal stops the server.
 *
 * @returns the exit status: the build's when it failed, else the server's
 */
export async function dev(args: string[]): Promise<number> {
  let path: string;
  try {
    const command = parseCommand(
      ["start", ...args],
      (name) => Deno.env.get(name),
      () => defaultAppPath(),
    );
    if (command.name === "help") {
      console.log(`${DEV_USAGE}\n\n${USAGE}`);
      return 0;
    }
    path = command.options.path;
  } catch {
    // A usage error: the server's command line reports it.
    return await serveDev(args);
  }
  // A bundle is served as it is; a project folder is built first.
  if (!path.endsWith(".wasm.zip")) {
    const built = await runBuild([path]);
    if (built !== 0) return built;
  }
  return await serveDev(args);
}

/** Serves the app of `args` (start's command line) in dev mode until a signal stops it. */
export function serveDev(args: string[]): Promise<number> {
  return runCli(["start", ...args], BUILTIN_PLUGINS, MAIN_ENTRY, { dev: true });
}
