/**
 * Command-line parsing: `stratos [start|check] [PATH] [options]`, with the environment variables
 * Atmo users know. Every numeric option is one row of {@link NUMERIC_OPTIONS}: its flag, its
 * environment variables, its bounds and its help text, from which the parser and the usage text
 * are both made.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import { isLogLevel } from "../log.ts";
import { DEFAULT_OPTIONS, type RuntimeOptions } from "../options.ts";
import { type FlagSpec, parseFlags } from "./flags.ts";

/** A parsed command line. */
export interface Command {
  /** `start` serves the app; `check` only validates it; `help` / `version` print and exit. */
  name: "start" | "check" | "help" | "version";
  /** Runtime options from flags, environment and defaults. */
  options: RuntimeOptions;
}

type NumericKey = {
  [K in keyof RuntimeOptions]: RuntimeOptions[K] extends number ? K : never;
}[keyof RuntimeOptions];

/** A numeric option: where it comes from, its bounds, and what `--help` says of it. */
interface NumericOption {
  /** The option it sets. */
  key: NumericKey;
  /** The flag, without `--`. */
  flag: string;
  /** Its argument's name in the usage text. */
  arg: string;
  /** Environment variables read when the flag is absent, first set wins. */
  env: string[];
  /** What the value is called in errors. */
  what: string;
  /** Integers, or seconds (a positive number, stored in milliseconds). */
  seconds?: boolean;
  /** Smallest accepted integer. */
  min?: number;
  /** Largest accepted integer. */
  max?: number;
  /** The help text, without the environment variables and the default. */
  help: string;
  /** The default when it is not {@link DEFAULT_OPTIONS}'s, as the usage text says it. */
  defaultText?: string;
  /** The default when it is not {@link DEFAULT_OPTIONS}'s. */
  fallback?: () => number;
}

/** Every numeric option, in the order the usage text lists them. */
const NUMERIC_OPTIONS: readonly NumericOption[] = [
  {
    key: "port",
    flag: "port",
    arg: "N",
    env: ["STRATOS_HTTP_PORT", "ATMO_HTTP_PORT"],
    what: "port",
    min: 0,
    max: 65535,
    help: "HTTP port",
  },
  {
    key: "maxBodyBytes",
    flag: "max-body",
    arg: "N",
    env: ["STRATOS_MAX_BODY_BYTES"],
    what: "max body size",
    min: 0,
    max: 2 ** 31,
    help: "largest request body in bytes, 413 past it",
  },
  {
    key: "timeoutMs",
    flag: "timeout",
    arg: "S",
    env: ["STRATOS_TIMEOUT"],
    what: "timeout",
    seconds: true,
    help: "time limit of a handler in seconds (a handler's own 'timeout' key wins); a " +
      "Runnable still running is stopped and the client gets 504",
  },
  {
    key: "memoryCapMiB",
    flag: "memory-cap",
    arg: "M",
    env: ["STRATOS_MEMORY_CAP_MIB"],
    what: "memory cap (MiB)",
    min: 1,
    max: 65536,
    help: "most memory one Runnable instance may use, in MiB",
  },
  {
    key: "tableCapElements",
    flag: "table-cap",
    arg: "N",
    env: ["STRATOS_TABLE_CAP"],
    what: "table cap",
    min: 1,
    max: 10_000_000,
    help: "most elements one table of an instance may hold",
  },
  {
    key: "memoryBudgetMiB",
    flag: "memory-budget",
    arg: "M",
    env: ["STRATOS_MEMORY_BUDGET_MIB"],
    what: "memory budget (MiB)",
    min: 1,
    max: 1_048_576,
    help: "most memory all Runnable instances of the process may hold together, in MiB; " +
      "past it invocations get 503",
  },
  {
    key: "warmMemoryMiB",
    flag: "warm-memory",
    arg: "M",
    env: ["STRATOS_WARM_MEMORY_MIB"],
    what: "warm memory (MiB)",
    min: 0,
    max: 65536,
    help: "an instance whose memory grew past M MiB is dropped after its call instead of " +
      "being kept warm",
  },
  {
    key: "maxInstances",
    flag: "max-instances",
    arg: "N",
    env: ["STRATOS_MAX_INSTANCES"],
    what: "max instances",
    min: 1,
    max: 100_000,
    help: "warm instances per module at most",
  },
  {
    key: "maxQueue",
    flag: "max-queue",
    arg: "N",
    env: ["STRATOS_MAX_QUEUE"],
    what: "max queue",
    min: 0,
    max: 10_000_000,
    help: "invocations that may wait for an instance of one module; past it they get 503 " +
      "with Retry-After",
  },
  {
    key: "logMaxLines",
    flag: "log-max-lines",
    arg: "N",
    env: ["STRATOS_LOG_MAX_LINES"],
    what: "log lines per invocation",
    min: 0,
    max: 100_000_000,
    help: "most log lines one invocation may write; one line then says how many were left out",
  },
  {
    key: "logMaxBytes",
    flag: "log-max-bytes",
    arg: "N",
    env: ["STRATOS_LOG_MAX_BYTES"],
    what: "log characters per invocation",
    min: 0,
    max: 2 ** 31,
    help: "most log characters one invocation may write",
  },
  {
    key: "logMaxLine",
    flag: "log-max-line",
    arg: "N",
    env: ["STRATOS_LOG_MAX_LINE"],
    what: "log line length",
    min: 1,
    max: 2 ** 24,
    help: "longest log line kept, in characters; longer ones are cut",
  },
  {
    key: "bundleMaxEntries",
    flag: "bundle-max-entries",
    arg: "N",
    env: ["STRATOS_BUNDLE_MAX_ENTRIES"],
    what: "bundle max entries",
    min: 1,
    max: 65_534,
    help: "most entries a .wasm.zip bundle may hold",
  },
  {
    key: "bundleMaxEntryMiB",
    flag: "bundle-max-entry-mib",
    arg: "M",
    env: ["STRATOS_BUNDLE_MAX_ENTRY_MIB"],
    what: "bundle max entry size (MiB)",
    min: 1,
    max: 4095,
    help: "largest inflated size of one bundle entry, in MiB",
  },
  {
    key: "bundleMaxTotalMiB",
    flag: "bundle-max-total-mib",
    arg: "M",
    env: ["STRATOS_BUNDLE_MAX_TOTAL_MIB"],
    what: "bundle max total size (MiB)",
    min: 1,
    max: 4095,
    help: "largest inflated size of all bundle entries, and of the bundle file, in MiB",
  },
  {
    key: "shutdownTimeoutMs",
    flag: "shutdown-timeout",
    arg: "S",
    env: ["STRATOS_SHUTDOWN_TIMEOUT"],
    what: "shutdown timeout",
    seconds: true,
    help: "how long SIGINT/SIGTERM may take to drain in-flight requests and messages; then " +
      "the process exits anyway, with status 1",
  },
  {
    key: "headerTimeoutMs",
    flag: "header-timeout",
    arg: "S",
    env: ["STRATOS_HEADER_TIMEOUT"],
    what: "header timeout",
    seconds: true,
    help: "close a new connection that brings no complete request head within S seconds",
  },
  {
    key: "idleTimeoutMs",
    flag: "idle-timeout",
    arg: "S",
    env: ["STRATOS_IDLE_TIMEOUT"],
    what: "idle timeout",
    seconds: true,
    help: "close a connection with no request in flight for S seconds after one (an open " +
      "WebSocket is never idle)",
  },
  {
    key: "maxConnections",
    flag: "max-connections",
    arg: "N",
    env: ["STRATOS_MAX_CONNECTIONS"],
    what: "max connections",
    min: 1,
    max: 1_000_000,
    help: "open HTTP connections at most, shared by the isolates; past it 503 with Retry-After",
  },
  {
    key: "readyWaitMs",
    flag: "ready-wait",
    arg: "S",
    env: ["STRATOS_READY_WAIT"],
    what: "ready wait",
    seconds: true,
    help: "how long a request waits, within its time limit, for a connection its handler " +
      "needs that is still opening at start; then 503 with Retry-After",
  },
  {
    key: "workers",
    flag: "workers",
    arg: "N",
    env: ["STRATOS_WORKERS"],
    what: "workers",
    min: 1,
    max: 256,
    help: "isolates serving HTTP on the port: the primary runs the whole app, the others its " +
      "HTTP handlers",
    defaultText: "the number of cores",
    fallback: () => Math.max(1, navigator.hardwareConcurrency ?? 1),
  },
];

/** Help lines of the options that take no number. */
const OTHER_OPTIONS: readonly [string, string][] = [
  ["--hostname H", "address to listen on (default 0.0.0.0)"],
  [
    "--headless",
    "serve every Runnable at /<identifier>/<namespace>/<name>/<version> (env STRATOS_HEADLESS " +
    "or ATMO_HEADLESS)",
  ],
  [
    "--log-level L",
    "trace, debug, info, warn, error or off (env STRATOS_LOG_LEVEL or ATMO_LOG_LEVEL; " +
    "default info)",
  ],
  ["--plugin P", "load a third-party plugin from a folder or URL (repeatable)"],
  [
    "--health-details",
    "show each check's detail (addresses, errors) on GET /health (env " +
    "STRATOS_HEALTH_DETAILS=true; default: only healthy or not)",
  ],
  [
    "--console",
    "serve the live console at /_stratos/: handlers, connections, the last requests with their " +
    "steps and logs (env STRATOS_CONSOLE=true; default off; stratos dev turns it on)",
  ],
  [
    "--no-schedules",
    "do not run schedules in this process (env STRATOS_RUN_SCHEDULES=false or " +
    "ATMO_RUN_SCHEDULES=false)",
  ],
  ["-h, --help", "show this help"],
  ["--version", "print the version"],
];

const HELP_WIDTH = 92;
const HELP_INDENT = 19;

/** One option's help: its name, then its text wrapped under the text column. */
function helpLines(name: string, text: string): string {
  const lines: string[] = [];
  let line = `  ${name} `.padEnd(HELP_INDENT - 1);
  for (const word of text.split(" ")) {
    if (line.length + 1 + word.length > HELP_WIDTH && line.trim() !== "") {
      lines.push(line);
      line = " ".repeat(HELP_INDENT - 1);
    }
    line += ` ${word}`;
  }
  return [...lines, line].join("\n");
}

function defaultText(option: NumericOption): string {
  if (option.defaultText) return option.defaultText;
  const value = DEFAULT_OPTIONS[option.key];
  return String(option.seconds ? value / 1000 : value);
}

/** The usage text. */
export const USAGE = [
  `Usage: stratos [start|check] [PATH] [options]

PATH is a project folder (Directive.yaml + modules) or an Atmo bundle (.wasm.zip);
default: the current folder when it holds a Directive.yaml, else examples/hello.

Commands:
  start            serve the app (default)
  check            validate the app and its Directive, then exit (0 = valid, 2 = problems,
                   a variable that env(NAME) needs and is not set among them)

Options:`,
  ...NUMERIC_OPTIONS.map((option) =>
    helpLines(
      `--${option.flag} ${option.arg}`,
      `${option.help} (env ${option.env.join(" or ")}; default ${defaultText(option)})`,
    )
  ),
  ...OTHER_OPTIONS.map(([name, text]) => helpLines(name, text)),
  "",
].join("\n");

type Env = (name: string) => string | undefined;

function fail(message: string): never {
  throw new StratosError("STRATOS_ERR_USAGE", `${message}\n\n${USAGE}`);
}

function envFirst(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env(name);
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

function integer(value: string, what: string, min: number, max: number): number {
  const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    fail(`${what} must be an integer from ${min} to ${max}: found '${value}'`);
  }
  return n;
}

function seconds(value: string, what: string): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n > 0)) fail(`${what} must be a positive number of seconds: found '${value}'`);
  return n;
}

/** The numeric options from flags, then environment, then defaults. */
function numericOptions(
  values: Record<string, unknown>,
  env: Env,
): Pick<RuntimeOptions, NumericKey> {
  const out = {} as Pick<RuntimeOptions, NumericKey>;
  for (const option of NUMERIC_OPTIONS) {
    const value = (values[option.flag] as string | undefined) ?? envFirst(env, ...option.env);
    if (value === undefined) {
      out[option.key] = option.fallback?.() ?? DEFAULT_OPTIONS[option.key];
    } else if (option.seconds) {
      out[option.key] = seconds(value, option.what) * 1000;
    } else {
      out[option.key] = integer(value, option.what, option.min ?? 0, option.max ?? 2 ** 31);
    }
  }
  return out;
}

/** Files that make a folder an app: a project's Directive, or Atmo's default bundle. */
const APP_FILES: readonly string[] = ["Directive.yaml", "runnables.wasm.zip"];

/**
 * The app of a command given no PATH: the current folder when it holds one ({@link APP_FILES}),
 * else {@link DEFAULT_OPTIONS.path} when it exists (in the Stratos checkout), else the current
 * folder, which then fails saying it has no Directive.
 *
 * @param exists whether a path relative to the current folder exists (unreadable: it does not)
 */
export function defaultAppPath(exists: (path: string) => boolean = pathExists): string {
  if (APP_FILES.some(exists)) return ".";
  return exists(DEFAULT_OPTIONS.path) ? DEFAULT_OPTIONS.path : ".";
}

function pathExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Every flag of the command line. */
const FLAGS: Record<string, FlagSpec> = {
  ...Object.fromEntries(NUMERIC_OPTIONS.map((option) => [option.flag, { type: "string" }])),
  hostname: { type: "string" },
  headless: { type: "boolean" },
  "log-level": { type: "string" },
  plugin: { type: "string", multiple: true },
  "no-schedules": { type: "boolean" },
  "health-details": { type: "boolean" },
  console: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};

/**
 * Parses `args` (without the program name); `env` reads environment variables, `defaultPath`
 * gives the app when no PATH is given.
 */
export function parseCommand(
  args: string[],
  env: Env,
  defaultPath: () => string = () => DEFAULT_OPTIONS.path,
): Command {
  let parsed;
  try {
    parsed = parseFlags(args, FLAGS);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: "help", options: { ...DEFAULT_OPTIONS } };
  if (values.version) return { name: "version", options: { ...DEFAULT_OPTIONS } };
  let name: Command["name"] = "start";
  if (positionals[0] === "start" || positionals[0] === "check") {
    name = positionals.shift() as "start" | "check";
  }
  if (positionals.length > 1) fail(`expected at most one PATH, found: ${positionals.join(" ")}`);

  const logLevel = (values["log-level"] as string | undefined) ??
    envFirst(env, "STRATOS_LOG_LEVEL", "ATMO_LOG_LEVEL") ?? "info";
  if (!isLogLevel(logLevel)) {
    fail(`unknown log level '${logLevel}' (trace, debug, info, warn, error, off)`);
  }
  const schedulesEnv = envFirst(env, "STRATOS_RUN_SCHEDULES", "ATMO_RUN_SCHEDULES");
  const headlessEnv = envFirst(env, "STRATOS_HEADLESS", "ATMO_HEADLESS");
  return {
    name,
    options: {
      ...DEFAULT_OPTIONS,
      ...numericOptions(values, env),
      path: positionals[0] ?? defaultPath(),
      hostname: (values.hostname as string | undefined) ?? DEFAULT_OPTIONS.hostname,
      headless: (values.headless as boolean | undefined) ?? headlessEnv === "true",
      logLevel,
      plugins: (values.plugin as string[] | undefined) ?? [],
      runSchedules: !values["no-schedules"] && schedulesEnv !== "false",
      healthDetails: (values["health-details"] as boolean | undefined) ??
        envFirst(env, "STRATOS_HEALTH_DETAILS") === "true",
      console: (values.console as boolean | undefined) ??
        envFirst(env, "STRATOS_CONSOLE") === "true",
    },
  };
}
