/**
 * Stratos command-line entry: `deno task start [PATH] [--port N] [--headless] [--log-level L]
 * [--plugin P]...`. See `kernel/cli/args.ts` for every option.
 *
 * @module
 */

import { BUILTIN_PLUGINS } from "./builtin_plugins.ts";
import { runCli } from "./kernel/cli/run.ts";

if (import.meta.main) Deno.exit(await runCli(Deno.args, BUILTIN_PLUGINS));
