/**
 * Runtime options: what the CLI flags and environment variables configure.
 *
 * @module
 */

import type { LogLevel } from "./log.ts";

/** Options of a Stratos runtime. */
export interface RuntimeOptions {
  /** Project folder or `.wasm.zip` bundle. @default "examples/hello" */
  path: string;
  /** HTTP port (`--port`, `STRATOS_HTTP_PORT`, `ATMO_HTTP_PORT`); 0 picks a free port. @default 8080 */
  port: number;
  /** Address to listen on. @default "0.0.0.0" */
  hostname: string;
  /** Headless mode: every Runnable at `/<identifier>/<namespace>/<name>/<version>`. */
  headless: boolean;
  /** Log level. @default "info" */
  logLevel: LogLevel;
  /** Third-party plugins (paths or URLs) in addition to the Directive's `plugins:`. */
  plugins: string[];
  /** Largest request body accepted, in bytes (413 past it). @default 10 MiB */
  maxBodyBytes: number;
  /** Whether this process runs schedules (`ATMO_RUN_SCHEDULES`). @default true */
  runSchedules: boolean;
  /** Most instances per module alive at once. @default 32 */
  maxInstances: number;
  /**
   * Invocations of one module that may wait for a free instance (`--max-queue`); past it they
   * are refused with 503 and `Retry-After`. @default 1024
   */
  maxQueue: number;
  /** Replace an instance after this many invocations; 0 = never. @default 0 */
  instanceMaxUses: number;
  /**
   * Time limit of a handler's steps in milliseconds (`--timeout` seconds, `STRATOS_TIMEOUT`,
   * or a handler's `timeout`); a Runnable still running then is stopped. @default 30000
   */
  timeoutMs: number;
  /** Most memory one instance may grow to, in MiB (`--memory-cap`). @default 64 */
  memoryCapMiB: number;
  /** Most elements one table of an instance may grow to (`--table-cap`). @default 100000 */
  tableCapElements: number;
  /**
   * Most memory all Runnable instances of the process may hold together, in MiB
   * (`--memory-budget`); past it, instances are not created (503) and growth fails.
   * @default 1024
   */
  memoryBudgetMiB: number;
  /**
   * An instance whose memory grew past this many MiB is dropped after its call instead of being
   * kept warm (`--warm-memory`). @default 16
   */
  warmMemoryMiB: number;
  /** Most log lines one invocation may write (`--log-max-lines`). @default 1000 */
  logMaxLines: number;
  /** Most log characters one invocation may write (`--log-max-bytes`). @default 1 MiB */
  logMaxBytes: number;
  /** Longest log line kept, in characters; longer ones are cut (`--log-max-line`). @default 16 KiB */
  logMaxLine: number;
  /**
   * How long a stop (SIGINT/SIGTERM) may take to drain in-flight requests and messages, in
   * milliseconds (`--shutdown-timeout` seconds). @default 30000
   */
  shutdownTimeoutMs: number;
  /**
   * Isolates serving HTTP in this process (`--workers`, `STRATOS_WORKERS`): the primary runs the
   * whole app, N-1 replica Workers serve its HTTP handlers on the same port. The CLI defaults to
   * the number of cores; an embedded runtime is one isolate. @default 1
   */
  workers: number;
  /** Most entries an Atmo bundle may hold (`--bundle-max-entries`). @default 10000 */
  bundleMaxEntries: number;
  /** Largest inflated size of one bundle entry, in MiB (`--bundle-max-entry-mib`). @default 256 */
  bundleMaxEntryMiB: number;
  /**
   * Largest inflated size of all of a bundle's entries, and of the bundle file, in MiB
   * (`--bundle-max-total-mib`). @default 1024
   */
  bundleMaxTotalMiB: number;
  /**
   * How long a new HTTP connection may take to bring its first complete request head, in ms
   * (`--header-timeout` seconds, `STRATOS_HEADER_TIMEOUT`); then it is closed. @default 10000
   */
  headerTimeoutMs: number;
  /**
   * How long an HTTP connection may stay with no request in flight after one, in ms
   * (`--idle-timeout` seconds, `STRATOS_IDLE_TIMEOUT`); then it is closed. An open WebSocket
   * counts as a request in flight. @default 5000
   */
  idleTimeoutMs: number;
  /**
   * Most HTTP connections open at once in the process (`--max-connections`,
   * `STRATOS_MAX_CONNECTIONS`); each of its isolates takes an equal share (rounded up). Past it
   * a new connection gets a 503 with `Retry-After` and is closed. @default 10000
   */
  maxConnections: number;
  /**
   * Longest a request waits for a connection its handler needs that is still opening at start,
   * in ms (`--ready-wait` seconds, `STRATOS_READY_WAIT`), within the handler's time limit; then
   * it gets 503 with `Retry-After`. @default 10000
   */
  readyWaitMs: number;
  /**
   * `GET /health` shows each check's detail (addresses, driver errors) (`--health-details`,
   * `STRATOS_HEALTH_DETAILS=true`); without it, only whether each check is healthy.
   * @default false
   */
  healthDetails: boolean;
  /**
   * Dev mode (`stratos dev`): answers to a Runnable that trapped also carry what it reported
   * (a Rust or Go panic message), which production answers leave to the log. @default false
   */
  dev: boolean;
  /**
   * Serve the live console at `/_stratos/` (`--console`, `STRATOS_CONSOLE=true`; `stratos dev`
   * turns it on): the app's handlers, Runnables and connections, and the last requests with
   * their steps, host calls and log lines. Never on by default: it shows what requests did.
   * @default false
   */
  console: boolean;
}

/** Defaults of every option. */
export const DEFAULT_OPTIONS: Readonly<RuntimeOptions> = {
  path: "examples/hello",
  port: 8080,
  hostname: "0.0.0.0",
  headless: false,
  logLevel: "info",
  plugins: [],
  maxBodyBytes: 10 * 1024 * 1024,
  runSchedules: true,
  maxInstances: 32,
  maxQueue: 1024,
  instanceMaxUses: 0,
  timeoutMs: 30_000,
  memoryCapMiB: 64,
  tableCapElements: 100_000,
  memoryBudgetMiB: 1024,
  warmMemoryMiB: 16,
  logMaxLines: 1_000,
  logMaxBytes: 1024 * 1024,
  logMaxLine: 16 * 1024,
  shutdownTimeoutMs: 30_000,
  workers: 1,
  bundleMaxEntries: 10_000,
  bundleMaxEntryMiB: 256,
  bundleMaxTotalMiB: 1024,
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 5_000,
  maxConnections: 10_000,
  readyWaitMs: 10_000,
  healthDetails: false,
  dev: false,
  console: false,
};
