/**
 * Stratos command-line entry: `deno task start [PATH] [--port N] [--headless] [--log-level L]
 * [--plugin P]...`. See `kernel/cli/args.ts` for every option.
 *
 * @module
 */

import { BUILTIN_PLUGINS } from "./builtin_plugins.ts";
import { runCli } from "./kernel/cli/run.ts";
import { inWorker, runReplica } from "./kernel/isolates/mod.ts";

// In a Worker this module is a replica isolate of `--workers` (the primary starts it).
if (import.meta.main && inWorker()) runReplica(BUILTIN_PLUGINS);
else if (import.meta.main) Deno.exit(await runCli(Deno.args, BUILTIN_PLUGINS, import.meta.url));
