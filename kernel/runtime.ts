/**
 * The runtime: runs one version of an app at a time (see generation.ts), prepared from its
 * bundle or folder (prepare.ts), and swaps a new version in when the app is reloaded: the new
 * one is prepared, set up and started while the old one keeps serving, the plugins' handovers
 * (the HTTP listener, the in-memory cache) pass from old to new, and only then is the old one
 * stopped, so requests in flight finish on the version they started on and none is dropped.
 *
 * @module
 */

import { formatProblem } from "./errors.ts";
import { Generation } from "./generation.ts";
import type { IsolateLink } from "./isolates/link.ts";
import { createLogger, type Logger } from "./log.ts";
import { spanExporterFromEnv, Telemetry } from "./observe/mod.ts";
import { DEFAULT_OPTIONS, type RuntimeOptions } from "./options.ts";
import type { BuiltinPlugin } from "./plugins/mod.ts";
import { prepareApp } from "./prepare.ts";
import { MemoryBudget } from "./wasm/mod.ts";
import type { Directive } from "./directive/types.ts";

export { KERNEL_VERSION } from "./prepare.ts";

/** Options of {@link createRuntime}: runtime options plus an optional logger. */
export interface CreateRuntimeOptions extends Partial<RuntimeOptions> {
  /** Logger to use instead of a JSON-lines logger on stdout at `logLevel`. */
  log?: Logger;
  /**
   * The link to the process's other isolates (`--workers`); a replica's runtime serves only the
   * HTTP handlers (streams and schedules run once per process, in the primary).
   */
  link?: IsolateLink;
  /**
   * The count of the process's memory budget (`MemoryBudget.buffer`), so that every isolate of a
   * process spends one budget; a new budget otherwise.
   */
  memoryBudget?: SharedArrayBuffer;
}

/** A loaded application, set up and ready to start. */
export interface Runtime {
  /** The validated Directive. */
  readonly directive: Directive;
  /** Names of the plugins loaded, in set-up order. */
  readonly plugins: readonly string[];
  /** Lines plugins announced (e.g. the URL they listen on). */
  readonly announcements: readonly string[];
  /** The effective options. */
  readonly options: Readonly<RuntimeOptions>;
  /** A service a plugin provided (e.g. `http.address` once started), for embedders and tests. */
  service<T>(name: string): T | undefined;
  /**
   * Starts every plugin (listeners, subscriptions, schedules) and resolves once every one has
   * started, its connections open: {@link serve}, then {@link ready}.
   */
  start(): Promise<void>;
  /**
   * Starts every plugin at once and resolves as soon as the app serves; connections may still
   * be opening (handlers that need one wait for it, or get 503), see {@link ready}.
   * @throws what a plugin's start threw at once (e.g. the port is taken); every plugin is stopped
   */
  serve(): Promise<void>;
  /**
   * After {@link serve}: resolves once every plugin has started, its connections open.
   * @throws what a plugin's start threw (e.g. a connection failed every attempt at start);
   *   every plugin is stopped by then
   */
  ready(): Promise<void>;
  /**
   * After {@link serve}: resolves once no connection of this isolate is still opening (each is
   * up, or retried in the background); rejects like {@link ready} when one failed for good.
   */
  opened(): Promise<void>;
  /** Names of the connections (of this isolate) still opening. */
  pendingConnections(): string[];
  /** Stops every plugin in reverse order and releases the modules; safe to call twice. */
  stop(): Promise<void>;
  /** What the version serving is called: identifier, appVersion and a content hash. */
  readonly version: string;
  /**
   * Loads the app again from its path and swaps the new version in without dropping a request
   * (in-flight requests finish on the old version, new ones get the new). Reloads run one at a
   * time.
   * @returns the new version
   * @throws whatever preparing or starting the new version threw; the old version keeps serving
   */
  reload(): Promise<string>;
}

/**
 * Opens the app at `options.path` and prepares it with the built-in plugins `builtins` (the
 * public `createRuntime` of mod.ts passes Stratos's own): all errors (invalid Directive, missing
 * module, plugin problems) surface here, before anything listens.
 */
export async function createKernelRuntime(
  options: CreateRuntimeOptions,
  builtins: readonly BuiltinPlugin[],
): Promise<Runtime> {
  const { log: givenLog, link, memoryBudget, ...given } = options;
  const opts: RuntimeOptions = { ...DEFAULT_OPTIONS, ...withoutUndefined(given) };
  const log = givenLog ?? createLogger({ level: opts.logLevel });
  const budget = new MemoryBudget(opts.memoryBudgetMiB, memoryBudget);
  const telemetry = new Telemetry(await spanExporterFromEnv());
  const host = new Host(opts, builtins, log, link, budget, telemetry);
  await host.load();
  return host;
}

/** The {@link Runtime}: the version of the app serving now, and how it is replaced. */
class Host implements Runtime {
  #current: Generation | undefined;
  #reloading: Promise<unknown> = Promise.resolve();
  #started = false;

  constructor(
    readonly options: RuntimeOptions,
    private readonly builtins: readonly BuiltinPlugin[],
    private readonly log: Logger,
    private readonly link: IsolateLink | undefined,
    private readonly budget: MemoryBudget,
    private readonly telemetry: Telemetry,
  ) {}

  get #generation(): Generation {
    return this.#current!;
  }

  get directive(): Directive {
    return this.#generation.directive;
  }

  get plugins(): readonly string[] {
    return this.#generation.plugins;
  }

  get announcements(): readonly string[] {
    return this.#generation.announcements;
  }

  get version(): string {
    return this.#generation.version;
  }

  service<T>(name: string): T | undefined {
    return this.#generation.service<T>(name);
  }

  /** Prepares and sets up the first version. */
  async load(): Promise<void> {
    this.#current = await this.#prepare(new Map());
  }

  async start(): Promise<void> {
    await this.serve();
    await this.ready();
  }

  async serve(): Promise<void> {
    await this.#generation.start();
    this.#started = true;
  }

  ready(): Promise<void> {
    return this.#generation.ready();
  }

  opened(): Promise<void> {
    return this.#generation.opened();
  }

  pendingConnections(): string[] {
    return this.#generation.pendingConnections();
  }

  async stop(): Promise<void> {
    await this.#reloading;
    await this.#generation.stop();
  }

  reload(): Promise<string> {
    const next = this.#reloading.then(() => this.#swap());
    this.#reloading = next.catch(() => {});
    return next;
  }

  async #swap(): Promise<string> {
    const old = this.#generation;
    const next = await this.#prepare(old.handovers());
    if (this.#started) {
      // A failed start stops the new version itself; the old one keeps serving.
      await next.start();
      await next.ready();
    }
    this.#current = next;
    await old.stop();
    return next.version;
  }

  /** Prepares a version of the app and sets it up with what the previous one handed over. */
  async #prepare(handovers: ReadonlyMap<string, unknown>): Promise<Generation> {
    const replica = this.link?.role === "replica";
    const prepared = await prepareApp(this.options, this.builtins, replica);
    if (!replica) {
      for (const warning of prepared.warnings) {
        this.log.warn(formatProblem(warning));
      }
    }
    const generation = new Generation(
      prepared,
      this.options,
      this.log,
      this.link,
      this.budget,
      handovers,
      this.telemetry,
    );
    await generation.setup(prepared);
    return generation;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
