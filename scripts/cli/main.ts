/**
 * The `stratos` command (what `bin/stratos` runs): the tooling commands (`new`, `build`,
 * `bundle`, `dev`) and the server's (`start`, `check`), from any folder.
 *
 * ```sh
 * stratos new demo [--lang assemblyscript|rust|go]
 * cd demo && stratos build && stratos start --port 8080
 * ```
 *
 * It lives outside the runtime's module graph: main.ts, what a server loads, imports nothing of
 * scripts/. Each command's output and exit status are its own; an unknown command exits 2.
 *
 * @module
 */

import { BUILTIN_PLUGINS } from "../../builtin_plugins.ts";
import { runCli } from "../../kernel/cli/run.ts";
import { closestName } from "../../kernel/directive/did_you_mean.ts";
import { runBundle } from "../build/bundle_command.ts";
import { runBuild } from "../build/project.ts";
import { runNew } from "../new/mod.ts";
import { dev } from "./dev.ts";

const MAIN_ENTRY = new URL("../../main.ts", import.meta.url);

/** What `stratos help` prints. */
export const HELP = `Usage: stratos COMMAND [ARGS]

Commands:
  new NAME [--lang L]           create the app folder NAME, ready to build and serve
                                (L: assemblyscript (default), rust, go)
  new runnable NAME [--lang L]  add a Runnable and its POST /NAME handler to the app here
  build [PATH] [--bundle OUT.wasm.zip] [--check] [--install]
                                build every Runnable of the app (default: this folder)
  bundle [PATH] [OUT.wasm.zip]  write the Atmo bundle of a built app
  dev [PATH] [options]          build, then serve in dev mode (errors carry panic messages)
  start [PATH] [options]        serve an app folder or bundle
  check [PATH]                  validate the app: exit 0, or 2 with every problem
  help                          this text; \`stratos start --help\` lists the server's options

start, check and dev serve the current folder when it holds a Directive.yaml.`;

/** Each command, by name. */
const COMMANDS: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  new: runNew,
  build: runBuild,
  bundle: runBundle,
  dev,
  start: (args) => runCli(["start", ...args], BUILTIN_PLUGINS, MAIN_ENTRY),
  check: (args) => runCli(["check", ...args], BUILTIN_PLUGINS, MAIN_ENTRY),
  help: () => Promise.resolve(help()),
};

function help(): number {
  console.log(HELP);
  return 0;
}

/** Runs `stratos args...`; resolves with the exit status. */
export function runStratos(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") return Promise.resolve(help());
  if (name === "--version") return runCli(["--version"], BUILTIN_PLUGINS);
  if (Object.hasOwn(COMMANDS, name)) return COMMANDS[name](rest);
  const closest = closestName(name, Object.keys(COMMANDS));
  console.error(
    `error: unknown command '${name}'${closest ? ` (did you mean '${closest}'?)` : ""}\n\n${HELP}`,
  );
  return Promise.resolve(2);
}

if (import.meta.main) Deno.exit(await runStratos(Deno.args));
