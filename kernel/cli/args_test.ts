import assert from "node:assert/strict";
import { StratosError } from "../errors.ts";
import { DEFAULT_OPTIONS } from "../options.ts";
import { defaultAppPath, parseCommand, USAGE } from "./args.ts";

/** An environment reader over a fixed record. */
function env(vars: Record<string, string> = {}): (name: string) => string | undefined {
  return (name) => vars[name];
}

function assertUsageError(
  args: string[],
  message: string | RegExp,
  vars: Record<string, string> = {},
): void {
  assert.throws(() => parseCommand(args, env(vars)), (error: unknown) => {
    assert.ok(error instanceof StratosError, `expected a StratosError, got ${error}`);
    assert.equal(error.code, "STRATOS_ERR_USAGE");
    const [first] = error.message.split("\n");
    if (typeof message === "string") assert.equal(first, message);
    else assert.match(first, message);
    assert.ok(error.message.endsWith(USAGE), "the usage text follows the message");
    return true;
  });
}

Deno.test("parseCommand - no arguments start the default app with default options", () => {
  const command = parseCommand([], env());
  assert.equal(command.name, "start");
  assert.deepEqual(command.options, {
    ...DEFAULT_OPTIONS,
    plugins: [],
    workers: navigator.hardwareConcurrency,
  });
});

Deno.test("parseCommand - --workers and STRATOS_WORKERS set the isolates; 0 is refused", () => {
  assert.equal(parseCommand(["--workers", "3"], env()).options.workers, 3);
  assert.equal(parseCommand([], env({ STRATOS_WORKERS: "1" })).options.workers, 1);
  assert.equal(parseCommand(["--workers", "2"], env({ STRATOS_WORKERS: "1" })).options.workers, 2);
  assert.throws(
    () => parseCommand(["--workers", "0"], env()),
    /workers must be an integer from 1 to 256: found '0'/,
  );
});

Deno.test("parseCommand - start and check subcommands, with and without PATH", () => {
  assert.equal(parseCommand(["start"], env()).name, "start");
  const check = parseCommand(["check", "apps/shop"], env());
  assert.equal(check.name, "check");
  assert.equal(check.options.path, "apps/shop");
  const start = parseCommand(["start", "bundle.wasm.zip"], env());
  assert.equal(start.options.path, "bundle.wasm.zip");
});

Deno.test("parseCommand - without PATH the app is what defaultPath says; a PATH wins", () => {
  assert.equal(parseCommand(["check"], env(), () => ".").options.path, ".");
  assert.equal(parseCommand(["check", "shop"], env(), () => ".").options.path, "shop");
});

Deno.test("defaultAppPath - the current folder when it holds an app, else examples/hello if there", () => {
  const here = (...files: string[]) => defaultAppPath((path) => files.includes(path));
  assert.equal(here("Directive.yaml", "examples/hello"), ".");
  assert.equal(here("runnables.wasm.zip"), ".");
  assert.equal(here("examples/hello"), "examples/hello");
  // Neither: the current folder, which then fails naming its missing Directive.
  assert.equal(here("README.md"), ".");
});

Deno.test("parseCommand - a lone PATH starts that app", () => {
  const command = parseCommand(["./my-app"], env());
  assert.equal(command.name, "start");
  assert.equal(command.options.path, "./my-app");
});

Deno.test("parseCommand - more than one PATH is a usage error", () => {
  assertUsageError(["start", "a", "b"], "expected at most one PATH, found: a b");
});

Deno.test("parseCommand - --port wins over STRATOS_HTTP_PORT, which wins over ATMO_HTTP_PORT", () => {
  const both = { STRATOS_HTTP_PORT: "9001", ATMO_HTTP_PORT: "9002" };
  assert.equal(parseCommand(["--port", "9000"], env(both)).options.port, 9000);
  assert.equal(parseCommand([], env(both)).options.port, 9001);
  assert.equal(parseCommand([], env({ ATMO_HTTP_PORT: "9002" })).options.port, 9002);
  assert.equal(
    parseCommand([], env({ STRATOS_HTTP_PORT: "", ATMO_HTTP_PORT: "9002" })).options.port,
    9002,
    "an empty variable counts as unset",
  );
  assert.equal(parseCommand(["--port=0"], env()).options.port, 0);
});

Deno.test("parseCommand - an invalid port is a usage error naming the value", () => {
  assertUsageError(["--port", "http"], "port must be an integer from 0 to 65535: found 'http'");
  assertUsageError(["--port", "65536"], "port must be an integer from 0 to 65535: found '65536'");
  assertUsageError(["--port=-1"], /found '-1'/);
  assertUsageError(["--port", "80.5"], /found '80\.5'/);
  assertUsageError([], /found 'abc'/, { ATMO_HTTP_PORT: "abc" });
});

Deno.test("parseCommand - --log-level wins over STRATOS_LOG_LEVEL, then ATMO_LOG_LEVEL", () => {
  const both = { STRATOS_LOG_LEVEL: "warn", ATMO_LOG_LEVEL: "error" };
  assert.equal(parseCommand(["--log-level", "debug"], env(both)).options.logLevel, "debug");
  assert.equal(parseCommand([], env(both)).options.logLevel, "warn");
  assert.equal(parseCommand([], env({ ATMO_LOG_LEVEL: "trace" })).options.logLevel, "trace");
  assert.equal(parseCommand(["--log-level=off"], env()).options.logLevel, "off");
});

Deno.test("parseCommand - an unknown log level is a usage error", () => {
  assertUsageError(
    ["--log-level", "verbose"],
    "unknown log level 'verbose' (trace, debug, info, warn, error, off)",
  );
  assertUsageError([], /unknown log level 'loud'/, { ATMO_LOG_LEVEL: "loud" });
});

Deno.test("parseCommand - --plugin may be repeated and keeps its order", () => {
  const command = parseCommand(
    ["--plugin", "./a", "--plugin=https://example.com/b", "--plugin", "../c"],
    env(),
  );
  assert.deepEqual(command.options.plugins, ["./a", "https://example.com/b", "../c"]);
});

Deno.test("parseCommand - headless comes from --headless, STRATOS_HEADLESS or ATMO_HEADLESS", () => {
  assert.equal(parseCommand(["--headless"], env()).options.headless, true);
  assert.equal(parseCommand([], env({ ATMO_HEADLESS: "true" })).options.headless, true);
  assert.equal(parseCommand([], env({ STRATOS_HEADLESS: "true" })).options.headless, true);
  assert.equal(parseCommand([], env({ ATMO_HEADLESS: "false" })).options.headless, false);
  assert.equal(parseCommand([], env({ ATMO_HEADLESS: "yes" })).options.headless, false);
});

Deno.test("parseCommand - schedules are off with --no-schedules or a RUN_SCHEDULES=false", () => {
  assert.equal(parseCommand(["--no-schedules"], env()).options.runSchedules, false);
  assert.equal(
    parseCommand([], env({ STRATOS_RUN_SCHEDULES: "false" })).options.runSchedules,
    false,
  );
  assert.equal(parseCommand([], env({ ATMO_RUN_SCHEDULES: "false" })).options.runSchedules, false);
  assert.equal(parseCommand([], env({ ATMO_RUN_SCHEDULES: "true" })).options.runSchedules, true);
  assert.equal(
    parseCommand([], env({ STRATOS_RUN_SCHEDULES: "true", ATMO_RUN_SCHEDULES: "false" }))
      .options.runSchedules,
    true,
    "STRATOS_RUN_SCHEDULES takes precedence",
  );
});

Deno.test("parseCommand - --max-body and STRATOS_MAX_BODY_BYTES set the body limit", () => {
  assert.equal(parseCommand(["--max-body", "1024"], env()).options.maxBodyBytes, 1024);
  assert.equal(
    parseCommand(["--max-body", "0"], env({ STRATOS_MAX_BODY_BYTES: "5" })).options.maxBodyBytes,
    0,
  );
  assert.equal(
    parseCommand([], env({ STRATOS_MAX_BODY_BYTES: "2048" })).options.maxBodyBytes,
    2048,
  );
  assertUsageError(
    ["--max-body", "lots"],
    `max body size must be an integer from 0 to ${2 ** 31}: found 'lots'`,
  );
});

Deno.test("parseCommand - --hostname sets the listen address", () => {
  assert.equal(parseCommand(["--hostname", "127.0.0.1"], env()).options.hostname, "127.0.0.1");
  assert.equal(parseCommand([], env()).options.hostname, DEFAULT_OPTIONS.hostname);
});

Deno.test("parseCommand - an unknown flag is a usage error", () => {
  assertUsageError(["--verbose"], /--verbose/);
  assertUsageError(["start", "--prot", "80"], /--prot/);
});

Deno.test("parseCommand - a flag missing its value is a usage error", () => {
  assertUsageError(["--port"], /--port/);
});

Deno.test("parseCommand - --help and -h ask for help, --version for the version", () => {
  assert.equal(parseCommand(["--help"], env()).name, "help");
  assert.equal(parseCommand(["-h"], env()).name, "help");
  assert.equal(parseCommand(["start", "--version"], env()).name, "version");
  assert.equal(
    parseCommand(["--help"], env({ ATMO_HTTP_PORT: "nope" })).name,
    "help",
    "help does not validate the rest",
  );
});

Deno.test("parseCommand - numbers are decimal digits only; an empty variable is unset", () => {
  assertUsageError(["--port="], /found ''/);
  assertUsageError([], /found '0x50'/, { STRATOS_HTTP_PORT: "0x50" });
  assertUsageError(["--max-body", " 1e3 "], /found ' 1e3 '/);
  assert.equal(
    parseCommand([], env({ STRATOS_MAX_BODY_BYTES: "" })).options.maxBodyBytes,
    DEFAULT_OPTIONS.maxBodyBytes,
  );
});

Deno.test("parseCommand - the bundle limits come from flags, then environment, then defaults", () => {
  const limits = (args: string[], vars: Record<string, string> = {}) => {
    const { options } = parseCommand(args, env(vars));
    return [options.bundleMaxEntries, options.bundleMaxEntryMiB, options.bundleMaxTotalMiB];
  };
  assert.deepEqual(limits([]), [10_000, 256, 1024]);
  assert.deepEqual(
    limits([
      "--bundle-max-entries",
      "5",
      "--bundle-max-entry-mib",
      "2",
      "--bundle-max-total-mib",
      "3",
    ]),
    [5, 2, 3],
  );
  const vars = {
    STRATOS_BUNDLE_MAX_ENTRIES: "7",
    STRATOS_BUNDLE_MAX_ENTRY_MIB: "8",
    STRATOS_BUNDLE_MAX_TOTAL_MIB: "9",
  };
  assert.deepEqual(limits([], vars), [7, 8, 9]);
  assert.deepEqual(limits(["--bundle-max-entries", "1"], vars), [1, 8, 9]);
  assertUsageError(
    ["--bundle-max-entries", "65535"],
    "bundle max entries must be an integer from 1 to 65534: found '65535'",
  );
  assertUsageError(
    [],
    "bundle max total size (MiB) must be an integer from 1 to 4095: found '0'",
    { STRATOS_BUNDLE_MAX_TOTAL_MIB: "0" },
  );
});

Deno.test("parseCommand - connection limits and health details, from flags or environment", () => {
  const flags = parseCommand(
    ["--header-timeout", "2", "--idle-timeout", "0.5", "--max-connections", "100"],
    env(),
  ).options;
  assert.equal(flags.headerTimeoutMs, 2000);
  assert.equal(flags.idleTimeoutMs, 500);
  assert.equal(flags.maxConnections, 100);
  assert.equal(flags.healthDetails, false);
  const vars = parseCommand(
    [],
    env({
      STRATOS_HEADER_TIMEOUT: "3",
      STRATOS_IDLE_TIMEOUT: "4",
      STRATOS_MAX_CONNECTIONS: "5",
      STRATOS_HEALTH_DETAILS: "true",
    }),
  ).options;
  assert.deepEqual(
    [vars.headerTimeoutMs, vars.idleTimeoutMs, vars.maxConnections, vars.healthDetails],
    [3000, 4000, 5, true],
  );
  assert.equal(parseCommand(["--health-details"], env()).options.healthDetails, true);
  assertUsageError(
    ["--idle-timeout", "0"],
    "idle timeout must be a positive number of seconds: found '0'",
  );
  assertUsageError(["--max-connections", "0"], /max connections must be an integer from 1/);
});

Deno.test("parseCommand - the console is off unless --console or STRATOS_CONSOLE=true", () => {
  assert.equal(parseCommand([], env()).options.console, false);
  assert.equal(parseCommand(["start", "app", "--console"], env()).options.console, true);
  assert.equal(parseCommand([], env({ STRATOS_CONSOLE: "true" })).options.console, true);
  assert.equal(parseCommand([], env({ STRATOS_CONSOLE: "1" })).options.console, false);
  assert.match(USAGE, /--console +serve the live console at \/_stratos\//);
});
