/**
 * The plugin contract: what a plugin module exports and what the kernel hands it.
 *
 * @module
 */

import type { IsolateLink } from "../isolates/link.ts";
import type { AppSource } from "../app/app_source.ts";
import type { CapabilityConfig, Directive, Handler, Step } from "../directive/types.ts";
import type { Logger } from "../log.ts";
import type { HistogramData } from "../observe/histogram.ts";
import type { Telemetry, TelemetrySnapshot } from "../observe/telemetry.ts";
import type { RuntimeOptions } from "../options.ts";
import type { SequenceOutcome } from "../request/outcome.ts";
import type { CoordinatedRequest } from "../request/request.ts";
import type { HostFunction } from "../wasm/host_function.ts";
import type { PoolStats } from "../wasm/pool.ts";

/**
 * A check's entry on `GET /health`. A connection reports a `ConnectionReport` (see
 * `kernel/connection/health.ts`), which adds its state, since when, its address and the last error.
 */
export interface HealthReport {
  /** Whether it works right now. */
  healthy: boolean;
  /** A note for people (e.g. queries that failed to prepare); may name servers or errors. */
  detail?: string;
  /**
   * For what one process of a fleet holds at a time (the schedules' lease): whether this process
   * holds it. Shown on `GET /health` also without `--health-details`.
   */
  holder?: boolean;
}

/**
 * Where a connection stands: the first attempt is under way (`connecting`), it works (`up`), it
 * was lost or cannot be made and is being tried again (`down`), or the plugin closed it or gave
 * up for good (`closed`).
 */
export type ConnectionState = "connecting" | "up" | "down" | "closed";

/** What the kernel reads of a connection a plugin registers (a `ConnectionHealth` is one). */
export interface ConnectionStatus {
  /** The state now; `connecting` only until the first attempts are over. */
  readonly state: ConnectionState;
  /** Resolves once the state is no longer `connecting`. */
  settled(): Promise<void>;
  /** Its entry on `GET /health`. */
  report(): HealthReport;
}

/** Per-module counters, reported by `GET /meta/metrics` and `GET /metrics`. */
export interface ModuleStats extends PoolStats {
  /** Invocations started. */
  invocations: number;
  /** Invocations that trapped, misused the ABI, ran out of time or were refused. */
  failures: number;
  /** Direct calls started again under JSPI (they reached a wait, an effect, or their slice). */
  restarts: number;
  /** Invocations whose guest returned an error on purpose (a RunErr). */
  errors: number;
  /** Invocations refused for overload (instance queue full, memory budget spent): 503. */
  refusals: number;
  /** Durations of the invocations timed (timing starts once durations are read). */
  duration: HistogramData;
}

/** What the kernel gives each plugin. */
export interface PluginContext {
  /** The plugin's name. */
  readonly name: string;
  /** Options given with the plugin reference (`plugins: [{path, config}]`). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The validated Directive. */
  readonly directive: Directive;
  /** The resolved capability configuration. */
  readonly capabilities: CapabilityConfig;
  /** The application's files (static files, modules). */
  readonly app: AppSource;
  /** Runtime options (port, headless, ...). */
  readonly options: Readonly<RuntimeOptions>;
  /** Logger scoped to the plugin. */
  readonly log: Logger;
  /**
   * The link to the process's other isolates with `--workers` above 1 (undefined with one): in
   * the primary, `serve` answers what replicas ask; in a replica, `request` asks the primary.
   */
  readonly link?: IsolateLink;
  /**
   * Adds a host function Runnables can import from `env` (during `setup`); its name must be in
   * the manifest's `provides.hostFunctions` (else `STRATOS_ERR_PLUGIN_UNDECLARED`).
   */
  registerHostFunction(fn: HostFunction): void;
  /**
   * Offers a service to other plugins (e.g. a cache backend); its name must be in the manifest's
   * `provides.services` (else `STRATOS_ERR_PLUGIN_UNDECLARED`).
   */
  provide<T>(service: string, value: T): void;
  /**
   * On reload, what this plugin's previous version handed over ({@link PluginHooks.handover});
   * undefined in the first version.
   */
  readonly handover?: unknown;
  /** A service another plugin offered; complete once every plugin's `setup` has run. */
  service<T>(service: string): T | undefined;
  /**
   * The Directive's handlers that source `source` serves (none in headless mode): `request` the
   * request handlers, `server` the WebSocket stream handlers, any other name the stream handlers
   * naming it.
   * @throws {StratosError} `STRATOS_ERR_PLUGIN_UNDECLARED` unless the manifest lists the source in
   *   `provides.sources`
   */
  handlers(source: string): Handler[];
  /**
   * Runs steps on a request (after `setup`); the response key defaults to the last fn step.
   * The outcome is synchronous when every Runnable ran synchronously.
   */
  execute(
    steps: Step[],
    request: CoordinatedRequest,
    responseKey?: string,
  ): SequenceOutcome | Promise<SequenceOutcome>;
  /** Registers a health check shown by `GET /health`. */
  addHealthCheck(name: string, check: () => HealthReport): void;
  /**
   * Registers a connection the plugin opens (during `setup`, or at the start of `start`, before
   * its first `await`): `GET /health` shows it as the check
   * `name` (503 until it is up), the banner and the log name it while it is still opening, and a
   * handler whose Runnables import one of `hostFunctions` waits while it is `connecting` (at
   * most `--ready-wait`, within the handler's time limit), then gets 503 with `Retry-After` if
   * it is still opening; a handler that needs none of the app's connections never waits.
   */
  addConnection(name: string, status: ConnectionStatus, hostFunctions?: readonly string[]): void;
  /** Current health of every registered check, in every isolate of the process. */
  health(): Promise<Record<string, HealthReport>>;
  /** Current counters of every module. */
  moduleStats(): Promise<Map<string, ModuleStats>>;
  /**
   * What records the work of this isolate: each handler's counts ({@link Telemetry.work}),
   * other counters, and the finished traces for a listener ({@link Telemetry.listen}).
   */
  readonly telemetry: Telemetry;
  /** What every isolate of the process counted, added up; from now on runs are timed. */
  telemetrySnapshot(): Promise<TelemetrySnapshot>;
  /**
   * Adds a line to the start-up banner (e.g. the URL the plugin listens on); a function is
   * called when the banner is printed, so the line tells the state then (connections open
   * while the app already serves).
   */
  announce(line: string | (() => string)): void;
}

/** What a plugin's `setup` may return: hooks bound to this runtime (state lives in the closure). */
export interface PluginHooks {
  /**
   * Starts serving (listeners, subscriptions, timers); every plugin is set up by now. Every
   * plugin's `start` is called at once, in set-up order, without waiting for the one before: a
   * start that opens a connection may take its time (the app serves meanwhile, and handlers that
   * need the connection wait, see {@link PluginContext.addConnection}); a start that fails fails
   * start-up, and every plugin is stopped.
   */
  start?(): void | Promise<void>;
  /**
   * Stops serving, drains, closes connections; called in reverse set-up order. On reload the old
   * version is stopped after the new one has started: release only what is still yours (not
   * what the new version took over from {@link PluginHooks.handover}).
   */
  stop?(): void | Promise<void>;
  /**
   * When the app is reloaded: what the next version of this plugin takes over (it sees it as
   * {@link PluginContext.handover}), such as a listener or a cache that must outlive a version.
   * This version keeps using it until it is stopped; if the new version fails to start, nothing
   * changes hands.
   */
  handover?(): unknown;
}

/** A plugin module's default export. */
export interface Plugin {
  /** Must equal the manifest's `name`. */
  readonly name: string;
  /**
   * Called once per runtime: validates config, registers host functions, opens connections,
   * provides services. Keep per-runtime state in local variables and return the hooks that use
   * it (one process may run several runtimes, e.g. in tests).
   */
  setup(ctx: PluginContext): void | PluginHooks | Promise<void | PluginHooks>;
}

/**
 * Declares a plugin; a typed identity helper.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: "hello",
 *   setup(ctx) {
 *     ctx.registerHostFunction(helloFunction);
 *     return { stop: () => ctx.log.info("bye") };
 *   },
 * });
 * ```
 */
export function definePlugin<T extends Plugin>(plugin: T): T {
  return plugin;
}
