/**
 * The CLI: parses the command line, creates the runtime, prints the banner, and stops cleanly on
 * SIGINT/SIGTERM. Errors are printed without stack traces: Directive problems one per line as
 * `file:line:col: message` (of very many, the first ones and how many more) with exit status 2,
 * other start-up errors with their code and status 1 (2 for `check`, whose statuses are 0 for a
 * valid app and 2 for one with problems).
 *
 * @module
 */

import { describeError, DirectiveError, formatProblem, StratosError } from "../errors.ts";
import type { BuiltinPlugin } from "../plugins/mod.ts";
import { PrimaryLink, type ReplicaSet, startReplicas } from "../isolates/mod.ts";
import { createLogger, type Logger } from "../log.ts";
import { createKernelRuntime, type Runtime } from "../runtime.ts";
import { MemoryBudget, settleAfterStart } from "../wasm/mod.ts";
import type { RuntimeOptions } from "../options.ts";
import { type Command, defaultAppPath, parseCommand, USAGE } from "./args.ts";
import { banner } from "./banner.ts";

/** Version of Stratos printed by `--version` and the banner. */
export const STRATOS_VERSION = "0.1.0";

const encoder = new TextEncoder();

function print(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  stream.writeSync(encoder.encode(text.endsWith("\n") ? text : text + "\n"));
}

/**
 * Runs the CLI with `args` and the built-in plugins `builtins`. Resolves with the exit status
 * once the command is over (for `start`: after a signal stopped the runtime). `entry` is the
 * module replica isolates run (`--workers`); without it the app runs in one isolate. `overrides`
 * set options the command line does not (`dev` for `stratos dev`).
 */
export async function runCli(
  args: string[],
  builtins: readonly BuiltinPlugin[],
  entry?: string | URL,
  overrides: Partial<RuntimeOptions> = {},
): Promise<number> {
  let runtime: Runtime | undefined;
  let replicas: ReplicaSet | undefined;
  let checking = false;
  try {
    const command = parseCommand(
      args,
      (name) => Deno.env.get(name),
      () => defaultAppPath(),
    );
    checking = command.name === "check";
    if (command.name === "help") {
      print(Deno.stdout, USAGE);
      return 0;
    }
    if (command.name === "version") {
      print(Deno.stdout, `stratos ${STRATOS_VERSION}`);
      return 0;
    }
    const options = isolateOptions(
      { ...command, options: { ...command.options, ...overrides } },
      entry,
    );
    const several = options.workers > 1;
    const link = several ? new PrimaryLink() : undefined;
    const memoryBudget = new MemoryBudget(options.memoryBudgetMiB).buffer;
    runtime = await createKernelRuntime({ ...options, link, memoryBudget }, builtins);
    if (command.name === "check") {
      await runtime.stop();
      print(Deno.stdout, `${options.path}: ok`);
      return 0;
    }
    const stopped = stopOnSignal(runtime, () => replicas, options.shutdownTimeoutMs);
    const log = createLogger({ level: options.logLevel });
    // Serving starts at once; connections open meanwhile (handlers that need one wait for it).
    await runtime.serve();
    const pending = runtime.pendingConnections();
    if (pending.length > 0) log.info("serving; connections still opening", { pending });
    // Replicas start once the primary's connections are open: a connection that fails every
    // attempt at start fails start-up (the catch below) before they run.
    if (await untilStopped(stopped, runtime.opened())) return await stopped.exitCode;
    // Replicas serve HTTP on the port the primary got (the http plugin's `http.address`).
    const address = runtime.service<{ port: number }>("http.address");
    if (link && address && entry) {
      replicas = await startReplicas({
        count: options.workers - 1,
        entry,
        options: { ...options, port: address.port },
        link,
        memoryBudget,
        log,
      });
    }
    // SIGHUP reloads from the moment the banner says the app serves (never the default action,
    // which ends the process).
    const reloading = reloadOnSignal(runtime, replicas, log);
    print(Deno.stdout, banner(runtime, STRATOS_VERSION, 1 + (replicas?.running ?? 0)));
    // What start-up left behind is collected (each replica did so once it served).
    settleAfterStart();
    try {
      if (await untilStopped(stopped, runtime.ready())) return await stopped.exitCode;
      log.info("ready: every plugin has started", {
        seconds_since_start: Math.round(performance.now()) / 1000,
      });
      return await stopped.exitCode;
    } finally {
      reloading.close();
    }
  } catch (error) {
    await stopAll(runtime, replicas).catch(() => {});
    return report(error, checking);
  }
}

/**
 * The options with the isolates `start` can have: several only with a replica `entry` and when
 * Deno lets listeners share a port (`reusePort`, behind `--unstable-net`); without it, one
 * isolate, with a one-line notice when more were asked for.
 */
function isolateOptions(command: Command, entry: string | URL | undefined): RuntimeOptions {
  const { options } = command;
  if (options.workers === 1) return options;
  const several = command.name === "start" && entry !== undefined;
  if (several && reusePortAvailable()) return options;
  if (several) {
    print(
      Deno.stderr,
      `notice: serving with one isolate: --workers ${options.workers} needs Deno's ` +
        "--unstable-net (listeners sharing the port; `deno task start` passes it)",
    );
  }
  return { ...options, workers: 1 };
}

/**
 * Whether Deno lets listeners share a port (`Deno.listen({ reusePort })`). The option is behind
 * `--unstable-net`, and using it without the flag exits the process, so this looks for another
 * API that the same flag turns on.
 */
function reusePortAvailable(): boolean {
  return typeof (Deno as unknown as Record<string, unknown>).listenDatagram === "function";
}

/**
 * Waits for `work` unless a signal stops the runtime first: `true` if one did (a failure of
 * `work` then no longer matters), `false` once `work` is done.
 * @throws what `work` threw, when no signal came
 */
async function untilStopped(stop: SignalStop, work: Promise<unknown>): Promise<boolean> {
  try {
    return await Promise.race([work.then(() => false), stop.exitCode.then(() => true)]) ||
      stop.signalled;
  } catch (error) {
    if (stop.signalled) return true;
    throw error;
  }
}

/** What {@link stopOnSignal} tells: whether a signal came, and the exit status once stopped. */
interface SignalStop {
  /** Whether SIGINT/SIGTERM came (the runtime is stopping or stopped). */
  readonly signalled: boolean;
  /** The exit status, once the runtime stopped. */
  readonly exitCode: Promise<number>;
}

/**
 * Resolves with the exit status once the first SIGINT/SIGTERM has stopped the runtime: 0 when it
 * drained within `deadlineMs`, 1 when the deadline passed first. A second signal exits at once.
 */
function stopOnSignal(
  runtime: Runtime,
  replicas: () => ReplicaSet | undefined,
  deadlineMs: number,
): SignalStop {
  const { promise, resolve } = Promise.withResolvers<number>();
  let stopping = false;
  const onSignal = () => {
    if (stopping) Deno.exit(130);
    stopping = true;
    const timer = setTimeout(() => {
      print(Deno.stderr, `error: shutdown did not finish within ${deadlineMs / 1000} s`);
      resolve(1);
    }, deadlineMs);
    stopAll(runtime, replicas()).finally(() => {
      clearTimeout(timer);
      for (const signal of SIGNALS) Deno.removeSignalListener(signal, onSignal);
      resolve(0);
    });
  };
  for (const signal of SIGNALS) Deno.addSignalListener(signal, onSignal);
  return {
    get signalled() {
      return stopping;
    },
    exitCode: promise,
  };
}

/**
 * Reloads the app on SIGHUP (see `Runtime.reload`): the primary isolate first, whose failure
 * leaves every isolate on the version serving, then the replicas. Logs which version serves.
 */
function reloadOnSignal(
  runtime: Runtime,
  replicas: ReplicaSet | undefined,
  log: Logger,
): { close(): void } {
  if (Deno.build.os === "windows") return { close() {} };
  const onSignal = async () => {
    try {
      const version = await runtime.reload();
      await replicas?.reload();
      log.info("reloaded: this version serves now", { version });
    } catch (error) {
      log.error("reload refused: the version running keeps serving", {
        version: runtime.version,
        error: describeError(error),
      });
    }
  };
  Deno.addSignalListener("SIGHUP", onSignal);
  return { close: () => Deno.removeSignalListener("SIGHUP", onSignal) };
}

/**
 * Stops the replicas (they drain, and may still use what the primary serves them: the cache, the
 * database pool), then the primary.
 */
async function stopAll(runtime?: Runtime, replicas?: ReplicaSet): Promise<void> {
  await replicas?.stop();
  await runtime?.stop();
}

const SIGNALS: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];

/**
 * Prints an error the way users should see it and returns the exit status: 2 for a usage error,
 * an invalid Directive, and for `check` (`checking`) any problem of the app it names (a variable
 * that `env(NAME)` needs and is not set, say); 1 for other start-up errors.
 */
function report(error: unknown, checking: boolean): number {
  if (error instanceof DirectiveError) {
    for (const problem of error.problems) print(Deno.stderr, formatProblem(problem));
    print(Deno.stderr, error.summary);
    return 2;
  }
  if (error instanceof StratosError) {
    print(
      Deno.stderr,
      error.code === "STRATOS_ERR_USAGE" ? error.message : `error[${error.code}]: ${error.message}`,
    );
    return error.code === "STRATOS_ERR_USAGE" || checking ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  print(
    Deno.stderr,
    `error: ${message}\n(this is a bug in Stratos; please report it with the command you ran)`,
  );
  return 1;
}
