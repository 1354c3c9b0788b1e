/**
 * Command-line parsing: `stratos [start|check] [PATH] [--port N] [--headless] [--log-level L]
 * [--plugin P]...`, with the environment variables Atmo users know.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { StratosError } from "../errors.ts";
import { isLogLevel } from "../log.ts";
import { DEFAULT_OPTIONS, type RuntimeOptions } from "../options.ts";

/** A parsed command line. */
export interface Command {
  /** `start` serves the app; `check` only validates it; `help` / `version` print and exit. */
  name: "start" | "check" | "help" | "version";
  /** Runtime options from flags, environment and defaults. */
  options: RuntimeOptions;
}

/** The usage text. */
export const USAGE = `Usage: stratos [start|check] [PATH] [options]

PATH is a project folder (Directive.yaml + modules) or an Atmo bundle (.wasm.zip);
default: examples/hello.

Commands:
  start            serve the app (default)
  check            validate the app and its Directive, then exit (0 = valid, 2 = problems)

Options:
  --port N         HTTP port (env STRATOS_HTTP_PORT or ATMO_HTTP_PORT; default 8080)
  --hostname H     address to listen on (default 0.0.0.0)
  --headless       serve every Runnable at /<identifier>/<namespace>/<name>/<version>
                   (env STRATOS_HEADLESS or ATMO_HEADLESS)
  --log-level L    trace, debug, info, warn, error or off (env STRATOS_LOG_LEVEL or
                   ATMO_LOG_LEVEL; default info)
  --plugin P       load a third-party plugin from a folder or URL (repeatable)
  --max-body N     largest request body in bytes, 413 past it (env STRATOS_MAX_BODY_BYTES;
                   default 10485760)
  --timeout S      time limit of a handler in seconds; a Runnable still running is stopped
                   and the client gets 504 (env STRATOS_TIMEOUT; default 30; a handler's
                   own 'timeout' key wins)
  --memory-cap M   most memory one Runnable instance may use, in MiB (env
                   STRATOS_MEMORY_CAP_MIB; default 64)
  --max-instances N  warm instances per module at most (env STRATOS_MAX_INSTANCES; default 32)
  --max-queue N    invocations that may wait for an instance of one module; past it they get
                   503 with Retry-After (env STRATOS_MAX_QUEUE; default 1024)
  --shutdown-timeout S  how long SIGINT/SIGTERM may take to drain in-flight requests and
                   messages before exiting anyway (env STRATOS_SHUTDOWN_TIMEOUT; default 30)
  --workers N      isolates serving HTTP on the port: the primary runs the whole app, the
                   others its HTTP handlers (env STRATOS_WORKERS; default: the number of
                   cores)
  --header-timeout S  close a new connection that brings no complete request head within S
                   seconds (env STRATOS_HEADER_TIMEOUT; default 10)
  --idle-timeout S close a connection with no request in flight for S seconds after one
                   (env STRATOS_IDLE_TIMEOUT; default 5; an open WebSocket is never idle)
  --max-connections N  open HTTP connections at most, shared by the isolates; past it 503
                   with Retry-After (env STRATOS_MAX_CONNECTIONS; default 10000)
  --health-details show each check's detail (addresses, errors) on GET /health (env
                   STRATOS_HEALTH_DETAILS=true; default: only healthy or not)
  --no-schedules   do not run schedules in this process (env STRATOS_RUN_SCHEDULES=false or
                   ATMO_RUN_SCHEDULES=false)
  -h, --help       show this help
  --version        print the version
`;

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

/** `value` seconds in milliseconds, or `fallback` when unset. */
function millis(value: string | undefined, what: string, fallback: number): number {
  return value === undefined ? fallback : seconds(value, what) * 1000;
}

/** Parses `args` (without the program name); `env` reads environment variables. */
export function parseCommand(args: string[], env: Env): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: "string" },
        hostname: { type: "string" },
        headless: { type: "boolean" },
        "log-level": { type: "string" },
        plugin: { type: "string", multiple: true },
        "max-body": { type: "string" },
        "no-schedules": { type: "boolean" },
        timeout: { type: "string" },
        "shutdown-timeout": { type: "string" },
        "memory-cap": { type: "string" },
        "max-instances": { type: "string" },
        "max-queue": { type: "string" },
        workers: { type: "string" },
        "header-timeout": { type: "string" },
        "idle-timeout": { type: "string" },
        "max-connections": { type: "string" },
        "health-details": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
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

  const port = values.port ?? envFirst(env, "STRATOS_HTTP_PORT", "ATMO_HTTP_PORT");
  const logLevel = values["log-level"] ?? envFirst(env, "STRATOS_LOG_LEVEL", "ATMO_LOG_LEVEL") ??
    "info";
  if (!isLogLevel(logLevel)) {
    fail(`unknown log level '${logLevel}' (trace, debug, info, warn, error, off)`);
  }
  const maxBody = values["max-body"] ?? envFirst(env, "STRATOS_MAX_BODY_BYTES");
  const schedulesEnv = envFirst(env, "STRATOS_RUN_SCHEDULES", "ATMO_RUN_SCHEDULES");
  const timeout = values.timeout ?? envFirst(env, "STRATOS_TIMEOUT");
  const shutdown = values["shutdown-timeout"] ?? envFirst(env, "STRATOS_SHUTDOWN_TIMEOUT");
  const memoryCap = values["memory-cap"] ?? envFirst(env, "STRATOS_MEMORY_CAP_MIB");
  const maxInstances = values["max-instances"] ?? envFirst(env, "STRATOS_MAX_INSTANCES");
  const maxQueue = values["max-queue"] ?? envFirst(env, "STRATOS_MAX_QUEUE");
  const headlessEnv = envFirst(env, "STRATOS_HEADLESS", "ATMO_HEADLESS");
  const workers = values.workers ?? envFirst(env, "STRATOS_WORKERS");
  const headerTimeout = values["header-timeout"] ?? envFirst(env, "STRATOS_HEADER_TIMEOUT");
  const idleTimeout = values["idle-timeout"] ?? envFirst(env, "STRATOS_IDLE_TIMEOUT");
  const maxConnections = values["max-connections"] ?? envFirst(env, "STRATOS_MAX_CONNECTIONS");
  return {
    name,
    options: {
      ...DEFAULT_OPTIONS,
      path: positionals[0] ?? DEFAULT_OPTIONS.path,
      port: port === undefined ? DEFAULT_OPTIONS.port : integer(port, "port", 0, 65535),
      hostname: values.hostname ?? DEFAULT_OPTIONS.hostname,
      headless: values.headless ?? headlessEnv === "true",
      logLevel,
      plugins: values.plugin ?? [],
      maxBodyBytes: maxBody === undefined
        ? DEFAULT_OPTIONS.maxBodyBytes
        : integer(maxBody, "max body size", 0, 2 ** 31),
      runSchedules: !values["no-schedules"] && schedulesEnv !== "false",
      timeoutMs: timeout === undefined
        ? DEFAULT_OPTIONS.timeoutMs
        : seconds(timeout, "timeout") * 1000,
      shutdownTimeoutMs: shutdown === undefined
        ? DEFAULT_OPTIONS.shutdownTimeoutMs
        : seconds(shutdown, "shutdown timeout") * 1000,
      memoryCapMiB: memoryCap === undefined
        ? DEFAULT_OPTIONS.memoryCapMiB
        : integer(memoryCap, "memory cap (MiB)", 1, 65536),
      maxInstances: maxInstances === undefined
        ? DEFAULT_OPTIONS.maxInstances
        : integer(maxInstances, "max instances", 1, 100_000),
      maxQueue: maxQueue === undefined
        ? DEFAULT_OPTIONS.maxQueue
        : integer(maxQueue, "max queue", 0, 10_000_000),
      workers: workers === undefined
        ? Math.max(1, navigator.hardwareConcurrency ?? 1)
        : integer(workers, "workers", 1, 256),
      headerTimeoutMs: millis(headerTimeout, "header timeout", DEFAULT_OPTIONS.headerTimeoutMs),
      idleTimeoutMs: millis(idleTimeout, "idle timeout", DEFAULT_OPTIONS.idleTimeoutMs),
      maxConnections: maxConnections === undefined
        ? DEFAULT_OPTIONS.maxConnections
        : integer(maxConnections, "max connections", 1, 1_000_000),
      healthDetails: values["health-details"] ?? envFirst(env, "STRATOS_HEALTH_DETAILS") === "true",
    },
  };
}
