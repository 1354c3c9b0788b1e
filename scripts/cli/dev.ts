/**
 * `stratos dev [PATH] [options]`, the developer's loop: builds the app's Runnables, serves the
 * app as `stratos start` does (same options) in dev mode (`RuntimeOptions.dev`: the answer to a
 * Runnable that panicked carries its message, not only the log) with the live console at
 * `/_stratos/`, and watches the app folder: a changed Runnable source rebuilds that Runnable, and
 * every change that builds is swapped into the running server by a reload (the same one SIGHUP asks for: in-flight requests finish on the
 * old version, new ones get the new, no request is dropped). A build error is printed and the
 * last good version keeps serving.
 *
 * @module
 */

import { BUILTIN_PLUGINS } from "../../builtin_plugins.ts";
import { defaultAppPath, parseCommand, USAGE } from "../../kernel/cli/args.ts";
import { runCli } from "../../kernel/cli/run.ts";
import { buildProject, runBuild } from "../build/project.ts";
import { type ChangePlan, watchApp } from "./watch.ts";

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
  return await serveDev(args, path);
}

/**
 * Serves the app of `args` (start's command line) at `path` in dev mode, rebuilding and reloading
 * it as it changes, until a signal stops the server.
 */
export async function serveDev(args: string[], path?: string): Promise<number> {
  const watching = new AbortController();
  const built = new Set<string>();
  const serving = runCli(["start", ...args], BUILTIN_PLUGINS, MAIN_ENTRY, {
    dev: true,
    console: true,
  });
  const watched = path === undefined || path.endsWith(".wasm.zip")
    ? Promise.resolve()
    : watchApp(path, (plan) => apply(plan, built), watching.signal, () => built);
  try {
    return await serving;
  } finally {
    watching.abort();
    await watched;
  }
}

const encoder = new TextEncoder();

function say(text: string): void {
  Deno.stderr.writeSync(encoder.encode(`stratos dev: ${text}\n`));
}

/** Rebuilds what `plan` names, then reloads the app unless a build failed. */
async function apply(plan: ChangePlan, built: Set<string>): Promise<void> {
  built.clear();
  let changed = plan.reload;
  for (const dir of plan.rebuild) {
    const started = performance.now();
    try {
      for (const report of await buildProject(dir)) {
        built.add(report.wasmPath);
        changed ||= report.changed;
      }
      say(`rebuilt ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      // A compiler's message (or a missing toolchain): shown; the last good version serves on.
      const message = error instanceof Error ? error.message : String(error);
      say(`build of ${dir} failed; the running version keeps serving:\n${message}`);
      return;
    }
  }
  // The running server reloads on SIGHUP (kernel/cli/run.ts) and logs which version serves.
  if (changed) Deno.kill(Deno.pid, "SIGHUP");
}
