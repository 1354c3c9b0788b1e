/**
 * The runtime: opens an app, validates its Directive, picks and sets up the plugins it needs,
 * loads its modules into the Wasm runner, and runs the plugins' lifecycle.
 *
 * @module
 */

import { type AppModule, type AppSource, compileAppModules, openApp } from "./app/mod.ts";
import { loadDirective, type LoadedDirective } from "./directive/mod.ts";
import type { Directive, Handler, Runnable } from "./directive/types.ts";
import type { ErrorCode } from "./error_codes.ts";
import { formatProblem, StratosError } from "./errors.ts";
import type { IsolateLink } from "./isolates/link.ts";
import {
  HEALTH_TOPIC,
  mergeHealth,
  MODULE_STATS_TOPIC,
  sumModuleStats,
} from "./isolates/process_reports.ts";
import { createLogger, type Logger } from "./log.ts";
import { DEFAULT_OPTIONS, type RuntimeOptions } from "./options.ts";
import {
  type AppUsage,
  builtinManifests,
  type BuiltinPlugin,
  type HealthReport,
  importPlugin,
  type LoadedPlugin,
  loadRangeCheck,
  type LocatedManifest,
  type ModuleStats,
  type PluginContext,
  type PluginHooks,
  referencedManifest,
  requireDeclared,
  selectPlugins,
} from "./plugins/mod.ts";
import { SequenceExecutor } from "./sequence/sequence.ts";
import {
  HostFunctionRegistry,
  type LoadedModule,
  MemoryBudget,
  SWIFT_SUFFIX,
  WasmRunner,
} from "./wasm/mod.ts";

/** Version of the kernel plugins are checked against (`kernel` in plugin.json). */
export const KERNEL_VERSION = "1.0.0";

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
  /** Starts every plugin (listeners, subscriptions, schedules). */
  start(): Promise<void>;
  /** Stops every plugin in reverse order and releases the modules; safe to call twice. */
  stop(): Promise<void>;
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
  const app = await openApp(opts.path, opts);
  // The Directive names plugins, and they may provide the stream sources its handlers use: it is
  // read accepting any source first, then its sources are checked against the plugins'.
  const runnables = [...app.runnables];
  const read = loadDirective(app.directive, { runnables, providedSource: () => true });
  const located = [
    ...builtinManifests(builtins),
    ...await userManifests(app, read.directive, opts.plugins),
  ];
  const validated = withProvidedSources(app, read, located, runnables);
  const loaded = link?.role === "replica" ? httpOnly(validated) : validated;
  if (link?.role !== "replica") {
    for (const warning of loaded.warnings) log.warn(formatProblem(warning));
  }
  const modules = await compileAppModules(app, loaded.directive, {
    memoryCapMiB: opts.memoryCapMiB,
    tableCapElements: opts.tableCapElements,
  });
  const used = usage(loaded.directive, opts, modules);
  const ranges = located.some((l) => !l.builtin) ? await loadRangeCheck() : undefined;
  const selected = selectPlugins(located, used, KERNEL_VERSION, ranges);
  checkSources(used, selected);
  const plugins = await Promise.all(selected.map(importPlugin));
  const budget = new MemoryBudget(opts.memoryBudgetMiB, memoryBudget);
  const kernel = new Kernel(app, loaded, opts, log, link, budget);
  await kernel.setup(plugins, modules);
  return kernel;
}

/**
 * `read` (the Directive read accepting any stream source) when a plugin provides every stream
 * source its handlers name; otherwise the Directive read again against the sources provided,
 * which fails naming each handler whose source does not exist, as Atmo does.
 */
function withProvidedSources(
  app: AppSource,
  read: LoadedDirective,
  located: readonly LocatedManifest[],
  runnables: Runnable[],
): LoadedDirective {
  const provided = new Set(located.flatMap((l) => l.manifest.provides?.sources ?? []));
  const unknown = (read.directive.handlers ?? []).some((h) =>
    h.type === "stream" && h.source !== undefined && h.source !== "server" &&
    !provided.has(h.source)
  );
  if (!unknown) return read;
  return loadDirective(app.directive, { runnables, providedSource: (s) => provided.has(s) });
}

/** What a replica isolate runs: the HTTP handlers (requests and WebSocket streams), no schedule. */
function httpOnly(loaded: LoadedDirective): LoadedDirective {
  const handlers = (loaded.directive.handlers ?? []).filter((h) =>
    h.type === "request" || !h.source || h.source === "server"
  );
  return { ...loaded, directive: { ...loaded.directive, handlers, schedules: [] } };
}

/** Which sources, connections and host functions the app uses. */
function usage(directive: Directive, opts: RuntimeOptions, modules: AppModule[]): AppUsage {
  const sources = new Set<string>();
  if (opts.headless) sources.add("headless");
  else {
    for (const h of directive.handlers ?? []) {
      sources.add(h.type === "request" ? "request" : h.source || "server");
    }
    if ((directive.schedules ?? []).length > 0) sources.add("schedule");
  }
  const imports = new Set<string>();
  for (const { module } of modules) {
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module !== "env") continue;
      imports.add(
        imp.name.endsWith(SWIFT_SUFFIX) ? imp.name.slice(0, -SWIFT_SUFFIX.length) : imp.name,
      );
    }
  }
  return { sources, connections: new Set(Object.keys(directive.connections ?? {})), imports };
}

/** Fails when the app uses a source no selected plugin provides (e.g. its plugin is missing). */
function checkSources(used: AppUsage, selected: LocatedManifest[]): void {
  const provided = new Set(selected.flatMap((p) => p.manifest.provides?.sources ?? []));
  const missing = [...used.sources].filter((source) => !provided.has(source));
  if (missing.length > 0) {
    throw new StratosError(
      "STRATOS_ERR_SOURCE_UNAVAILABLE",
      `the app uses source${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, ` +
        "which no available plugin provides",
    );
  }
}

/** Manifests of the plugins named in the Directive (relative to it) and on the command line. */
async function userManifests(
  app: AppSource,
  directive: Directive,
  cliPlugins: readonly string[],
): Promise<LocatedManifest[]> {
  const appBase = new URL(".", toFileURL(app.directive.path));
  const cwd = toFileURL(Deno.cwd() + "/");
  const refs = [
    ...(directive.plugins ?? []).map((ref) =>
      typeof ref === "string"
        ? referencedManifest(ref, appBase)
        : referencedManifest(ref.path, appBase, ref.config ?? {})
    ),
    ...cliPlugins.map((ref) => referencedManifest(ref, cwd)),
  ];
  return await Promise.all(refs);
}

function toFileURL(path: string): URL {
  return new URL(
    path.startsWith("/") ? `file://${path}` : `file://${Deno.cwd()}/${path}`,
  );
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Phase = "setup" | "ready" | "started" | "stopped";

/** A plugin that has been set up, with the hooks its setup returned. */
interface ActivePlugin {
  name: string;
  hooks: PluginHooks;
  /** Whether it feeds the app requests or messages (stopped first, so work drains). */
  source: boolean;
}

/** The kernel behind a {@link Runtime}: plugin contexts, services, runner and executor. */
class Kernel implements Runtime {
  readonly directive: Directive;
  readonly announcements: string[] = [];
  readonly options: RuntimeOptions;
  #active: ActivePlugin[] = [];
  #phase: Phase = "setup";
  readonly #registry = new HostFunctionRegistry();
  readonly #services = new Map<string, unknown>();
  readonly #health = new Map<string, () => HealthReport>();
  readonly #modules = new Map<string, LoadedModule>();
  readonly #runner: WasmRunner;
  readonly #executor: SequenceExecutor;

  constructor(
    readonly app: AppSource,
    readonly loaded: LoadedDirective,
    options: RuntimeOptions,
    readonly log: Logger,
    readonly link: IsolateLink | undefined,
    memoryBudget: MemoryBudget,
  ) {
    this.directive = loaded.directive;
    this.options = options;
    this.#runner = new WasmRunner({
      registry: this.#registry,
      capabilities: loaded.capabilities,
      log: log.child({ component: "wasm" }),
      maxInstances: options.maxInstances,
      maxWaiting: options.maxQueue,
      maxUses: options.instanceMaxUses,
      timeoutMs: options.timeoutMs,
      memoryBudget,
      warmMemoryMiB: options.warmMemoryMiB,
      dev: options.dev,
      logBudget: {
        lines: options.logMaxLines,
        bytes: options.logMaxBytes,
        lineBytes: options.logMaxLine,
      },
    });
    this.#executor = new SequenceExecutor((fqfn, request, state) => {
      const module = this.#modules.get(fqfn);
      if (module) return this.#runner.invoke(module, request, state);
      return { failure: `cannot handle job: ${fqfn} is not loaded`, respHeaders: new Map() };
    });
  }

  get plugins(): readonly string[] {
    return this.#active.map((p) => p.name);
  }

  service<T>(name: string): T | undefined {
    return this.#services.get(name) as T | undefined;
  }

  /** Sets up every plugin in order, then loads the modules (their imports now resolve). */
  async setup(plugins: LoadedPlugin[], modules: AppModule[]): Promise<void> {
    for (const loaded of plugins) {
      const name = loaded.plugin.name;
      try {
        const hooks = await loaded.plugin.setup(this.#context(loaded));
        const source = (loaded.located.manifest.provides?.sources ?? []).length > 0;
        this.#active.push({ name, hooks: hooks ?? {}, source });
      } catch (error) {
        await this.#stopAll([...this.#active].reverse());
        throw wrap(error, "STRATOS_ERR_PLUGIN_SETUP", `plugin '${name}' failed to set up`);
      }
    }
    this.#phase = "ready";
    this.link?.serve(MODULE_STATS_TOPIC, () => this.#runner.stats());
    this.link?.serve(HEALTH_TOPIC, () => this.#localHealth());
    await Promise.all(modules.map(async ({ runnable, module }) => {
      this.#modules.set(
        runnable.fqfn,
        await this.#runner.load({ name: runnable.name, fqfn: runnable.fqfn }, module),
      );
    }));
  }

  async start(): Promise<void> {
    if (this.#phase !== "ready") {
      throw new StratosError(
        "STRATOS_ERR_RUNTIME_STATE",
        `cannot start: runtime is ${this.#phase}`,
      );
    }
    this.#phase = "started";
    for (const active of this.#active) {
      try {
        await active.hooks.start?.();
      } catch (error) {
        await this.stop();
        throw wrap(error, "STRATOS_ERR_PLUGIN_START", `plugin '${active.name}' failed to start`);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.#phase === "stopped") return;
    // Sources stop first (they stop taking work and drain what is in flight while the
    // connections that work needs are still open), then the rest, each group in reverse set-up
    // order. Plugins that never started are still stopped, so what their setup opened is closed.
    const reversed = [...this.#active].reverse();
    const toStop = [...reversed.filter((p) => p.source), ...reversed.filter((p) => !p.source)];
    this.#phase = "stopped";
    await this.#stopAll(toStop);
    this.#runner.close();
  }

  /** The health checks of this isolate. */
  #localHealth(): Record<string, HealthReport> {
    const out: Record<string, HealthReport> = {};
    for (const [check, fn] of this.#health) out[check] = fn();
    return out;
  }

  async #stopAll(plugins: ActivePlugin[]): Promise<void> {
    for (const active of plugins) {
      try {
        await active.hooks.stop?.();
      } catch (error) {
        this.log.error(`plugin '${active.name}' failed to stop`, { error });
      }
    }
  }

  #context(loaded: LoadedPlugin): PluginContext {
    const name = loaded.plugin.name;
    return {
      name,
      config: loaded.located.config,
      directive: this.directive,
      capabilities: this.loaded.capabilities,
      app: this.app,
      options: this.options,
      log: this.log.child({ plugin: name }),
      link: this.link,
      registerHostFunction: (fn) => {
        if (this.#phase !== "setup") {
          throw new StratosError(
            "STRATOS_ERR_RUNTIME_STATE",
            `plugin '${name}' registered host function '${fn.name}' after setup`,
          );
        }
        requireDeclared(loaded.located, "hostFunctions", fn.name);
        this.#registry.register(fn, name);
      },
      provide: (service, value) => {
        requireDeclared(loaded.located, "services", service);
        this.#services.set(service, value);
      },
      service: <T>(service: string) => this.service<T>(service),
      handlers: (source) => {
        requireDeclared(loaded.located, "sources", source);
        return this.options.headless ? [] : handlersOf(this.directive, source);
      },
      execute: (steps, request, responseKey) => {
        request.deadline ??= performance.now() + (request.timeoutMs ?? this.options.timeoutMs);
        return this.#executor.run(steps, request, responseKey);
      },
      addHealthCheck: (check, fn) => {
        this.#health.set(check, fn);
      },
      health: async () => {
        if (!this.link) return this.#localHealth();
        const all = await this.link.gather(HEALTH_TOPIC, null);
        return mergeHealth(all as Record<string, HealthReport>[]);
      },
      moduleStats: async (): Promise<Map<string, ModuleStats>> => {
        if (!this.link) return this.#runner.stats();
        const all = await this.link.gather(MODULE_STATS_TOPIC, null);
        return sumModuleStats(all as Map<string, ModuleStats>[]);
      },
      announce: (line) => {
        this.announcements.push(line);
      },
    };
  }
}

function wrap(error: unknown, code: ErrorCode, message: string): StratosError {
  if (error instanceof StratosError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StratosError(code, `${message}: ${detail}`, { cause: error });
}

/**
 * The Directive's handlers a source serves: `request` the request handlers, `server` the stream
 * handlers with no source (WebSocket), any other name the stream handlers naming it.
 */
function handlersOf(directive: Directive, source: string): Handler[] {
  return (directive.handlers ?? []).filter((h) =>
    source === "request"
      ? h.type === "request"
      : h.type !== "request" && (h.source || "server") === source
  );
}
