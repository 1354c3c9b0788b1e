/**
 * The `stratos new` command line:
 *
 * ```sh
 * stratos new NAME [--lang assemblyscript|rust|go]            # a new app folder NAME
 * stratos new runnable NAME [--lang assemblyscript|rust|go]   # a Runnable in the app here
 * ```
 *
 * Prints what it wrote and what to run next. Exit status 0; 1 when it refused (nothing is
 * written then); 2 for a usage error.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { relative } from "node:path";
import { BuildError } from "../build/mod.ts";
import { addRunnable, createApp, type Created } from "./create.ts";
import { LANGUAGE_NAMES, templateOf } from "./languages.ts";
import { ASSEMBLYSCRIPT } from "./assemblyscript.ts";

/** The usage lines of `stratos new`. */
export const NEW_USAGE =
  `usage: stratos new NAME [--lang LANG]            create the app folder NAME
       stratos new runnable NAME [--lang LANG]   add a Runnable to the app in this folder
LANG: ${LANGUAGE_NAMES}; default: assemblyscript for an app, the app's language for a Runnable`;

/** Runs `stratos new` with `args` (after `new`) in the current folder; returns the exit status. */
export async function runNew(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { lang: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(NEW_USAGE);
    return 0;
  }
  const runnable = positionals[0] === "runnable";
  const names = runnable ? positionals.slice(1) : positionals;
  if (names.length !== 1) {
    return usage(names.length === 0 ? "a NAME is needed" : `one NAME, found ${names.join(" ")}`);
  }
  try {
    const template = values.lang === undefined ? undefined : templateOf(values.lang);
    const created = runnable
      ? await addRunnable(Deno.cwd(), names[0], template)
      : await createApp(names[0], template ?? ASSEMBLYSCRIPT);
    report(created, runnable ? names[0] : undefined);
    return 0;
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }
}

function usage(message: string): number {
  console.error(`error: ${message}\n${NEW_USAGE}`);
  return 2;
}

/** Prints what was written and what to run next. */
function report(created: Created, runnable: string | undefined): void {
  const where = relative(Deno.cwd(), created.appDir) || ".";
  console.log(
    `${runnable ? `added the Runnable ${runnable}` : `created ${where}/`} ` +
      `(${created.template.lang}): ${created.files.join(", ")}`,
  );
  const steps = runnable
    ? ["stratos build", `curl -X POST localhost:8080/${runnable} -d world   # after stratos start`]
    : [
      `cd ${where}`,
      "stratos build",
      "stratos start --port 8080",
      "curl -X POST localhost:8080/hello -d world   # hello world",
    ];
  console.log(`next:\n${steps.map((step) => `  ${step}`).join("\n")}`);
}
