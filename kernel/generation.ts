/**
 * A running version of an app: sets up the plugins it needs in order (their contexts), loads its
 * modules into the Wasm runner, and runs the plugins' lifecycle.
 *
 * @module
 */

import type { AppSource } from "./app/mod.ts";
import type { LoadedDirective } from "./directive/mod.ts";
import type { Directive, Handler } from "./directive/types.ts";
import type { ErrorCode } from "./error_codes.ts";
import { StratosError } from "./errors.ts";
import type { IsolateLink } from "./isolates/link.ts";
import {
  HEALTH_TOPIC,
  mergeHealth,
  MODULE_STATS_TOPIC,
  sumModuleStats,
  TELEMETRY_TOPIC,
} from "./isolates/process_reports.ts";
import { mergeTelemetry, type Telemetry, type TelemetrySnapshot } from "./observe/telemetry.ts";
import type { Logger } from "./log.ts";
import type { RuntimeOptions } from "./options.ts";
import {
  type HealthReport,
  type LoadedPlugin,
  type ModuleStats,
  type PluginContext,
  type PluginHooks,
  requireDeclared,
} from "./plugins/mod.ts";
import type { PreparedApp } from "./prepare.ts";
import { pendingMessage, Readiness, READY_TOPIC } from "./readiness/mod.ts";
import { failure, type SequenceOutcome } from "./request/mod.ts";
import { SequenceExecutor } from "./sequence/sequence.ts";
import {
  envImports,
  HostFunctionRegistry,
  type LoadedModule,
  type MemoryBudget,
  WasmRunner,
} from "./wasm/mod.ts";

type Phase = "setup" | "ready" | "started" | "stopped";

/** A banner line: as announced, or rendered when the banner is printed. */
type Announcement = string | (() => string);

/** A plugin that has been set up, with the hooks its setup returned. */
interface ActivePlugin {
  name: string;
  hooks: PluginHooks;
  /** Whether it feeds the app requests or messages (stopped first, so work drains). */
  source: boolean;
}

/**
 * One version of a running app: its plugins (their contexts and hooks), services, Wasm runner and
 * sequence executor. The runtime runs one at a time, and swaps in a new one on reload.
 */
export class Generation {
  readonly directive: Directive;
  readonly options: RuntimeOptions;
  readonly #announcements: Announcement[] = [];
  /** Whether the banner read the announcements: later ones are logged instead. */
  #announced = false;
  #active: ActivePlugin[] = [];
  #phase: Phase = "setup";
  readonly #registry = new HostFunctionRegistry();
  readonly #services = new Map<string, unknown>();
  readonly #health = new Map<string, () => HealthReport>();
  readonly #modules = new Map<string, LoadedModule>();
  readonly #runner: WasmRunner;
  readonly #executor: SequenceExecutor;
  readonly #handovers: ReadonlyMap<string, unknown>;
  readonly #readiness: Readiness;
  /** Settles once every plugin has started (see {@link start}). */
  #started: Promise<void> = Promise.resolve();
  /** The app's files. */
  readonly app: AppSource;
  /** The checked Directive. */
  readonly loaded: LoadedDirective;
  /** What this version is called in logs. */
  readonly version: string;
  /** This version's view of the link to the process's other isolates. */
  readonly link: IsolateLink | undefined;

  /**
   * @param prepared the app version to run
   * @param options the runtime options
   * @param log where the runtime logs
   * @param link the link to the process's other isolates, if any
   * @param memoryBudget the process's budget of instance memory
   * @param handovers what the previous version's plugins handed over, by plugin name
   * @param telemetry what records the work of this isolate (it outlives versions)
   */
  constructor(
    prepared: PreparedApp,
    options: RuntimeOptions,
    readonly log: Logger,
    link: IsolateLink | undefined,
    memoryBudget: MemoryBudget,
    handovers: ReadonlyMap<string, unknown>,
    readonly telemetry: Telemetry,
  ) {
    const { app, loaded } = prepared;
    this.app = app;
    this.loaded = loaded;
    this.version = prepared.version;
    this.#handovers = handovers;
    this.directive = loaded.directive;
    this.link = link?.scope();
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
      timing: telemetry,
    });
    const imports = new Map(prepared.modules.map((m) => [m.runnable.fqfn, envImports(m.module)]));
    this.#readiness = new Readiness({
      imports: (fqfn) => imports.get(fqfn),
      waitMs: options.readyWaitMs,
      remote: this.link?.role === "replica"
        ? async (names, waitMs) =>
          await this.link!.request(READY_TOPIC, { imports: names, waitMs }) as string[]
        : undefined,
    });
    this.#executor = new SequenceExecutor((fqfn, request, state, span) => {
      const module = this.#modules.get(fqfn);
      if (module) return this.#runner.invoke(module, request, state, span);
      return { failure: `cannot handle job: ${fqfn} is not loaded`, respHeaders: new Map() };
    });
  }

  /** The lines plugins announced for the banner, as they read now. */
  get announcements(): string[] {
    this.#announced = true;
    return this.#announcements.map((line) => typeof line === "string" ? line : line());
  }

  /** Names of the connections of this isolate still opening. */
  pendingConnections(): string[] {
    return this.#readiness.pending();
  }

  /** Names of the plugins set up, in set-up order. */
  get plugins(): readonly string[] {
    return this.#active.map((p) => p.name);
  }

  /** A service a plugin provided. */
  service<T>(name: string): T | undefined {
    return this.#services.get(name) as T | undefined;
  }

  /**
   * What each plugin hands over to the next version of the app (its `handover` hook), by
   * plugin name; this version keeps serving with it until it is stopped.
   */
  handovers(): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const active of this.#active) {
      if (active.hooks.handover) out.set(active.name, active.hooks.handover());
    }
    return out;
  }

  /** Sets up every plugin in order, then loads the modules (their imports now resolve). */
  async setup({ plugins, modules }: PreparedApp): Promise<void> {
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
    this.link?.serve(READY_TOPIC, (payload) => {
      const { imports, waitMs } = payload as { imports: string[]; waitMs: number };
      return this.#readiness.waitFor(imports, waitMs);
    });
    this.link?.serve(TELEMETRY_TOPIC, () => this.telemetry.snapshot());
    await Promise.all(modules.map(async ({ runnable, module }) => {
      this.#modules.set(
        runnable.fqfn,
        await this.#runner.load({ name: runnable.name, fqfn: runnable.fqfn }, module),
      );
    }));
  }

  /**
   * Starts every plugin at once, in set-up order, without waiting for one to finish before the
   * next (a connection that takes its time holds back no other). Resolves once every start was
   * called: the app serves, its connections may still be opening ({@link ready} says when they
   * are). A start that failed at once rejects here, having stopped every plugin.
   */
  async start(): Promise<void> {
    if (this.#phase !== "ready") {
      throw new StratosError(
        "STRATOS_ERR_RUNTIME_STATE",
        `cannot start: runtime is ${this.#phase}`,
      );
    }
    this.#phase = "started";
    let failed = false;
    const starts = this.#active.map(async (active) => {
      try {
        await active.hooks.start?.();
      } catch (error) {
        failed = true;
        throw wrap(error, "STRATOS_ERR_PLUGIN_START", `plugin '${active.name}' failed to start`);
      }
    });
    this.#started = Promise.all(starts).then(() => {}, async (error) => {
      await this.stop();
      throw error;
    });
    this.#started.catch(() => {}); // whoever awaits ready() sees it
    // A start that fails at once (a port in use) fails here, before anything else is started.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (failed) await this.#started;
  }

  /**
   * Resolves once no connection of this isolate is still opening, each one up or retried in the
   * background (sooner than {@link ready} when a start also does more, such as joining a consumer
   * group); rejects like {@link ready} when one failed for good.
   */
  async opened(): Promise<void> {
    const settled = this.#readiness.settled();
    await Promise.race([settled, this.#started.then(() => settled)]);
    if (this.#readiness.inState("closed").length > 0) await this.#started;
  }

  /**
   * Resolves once every plugin has started (its connections open); rejects, every plugin stopped,
   * when one could not (e.g. a connection failed its attempts at start).
   */
  ready(): Promise<void> {
    return this.#started.then(() => this.#readiness.settled());
  }

  /** Stops every plugin, sources first, then releases the modules; safe to call twice. */
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
    const log = this.log.child({ plugin: name });
    return {
      name,
      config: loaded.located.config,
      directive: this.directive,
      capabilities: this.loaded.capabilities,
      app: this.app,
      options: this.options,
      log,
      link: this.link,
      handover: this.#handovers.get(name),
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
        const deadline = request.deadline ??= performance.now() +
          (request.timeoutMs ?? this.options.timeoutMs);
        const waiting = this.#readiness.gate(steps, deadline);
        if (waiting === undefined) return this.#executor.run(steps, request, responseKey);
        return waiting.then((pending): SequenceOutcome | Promise<SequenceOutcome> =>
          pending.length === 0
            ? this.#executor.run(steps, request, responseKey)
            : failure(503, pendingMessage(pending))
        );
      },
      addHealthCheck: (check, fn) => {
        this.#health.set(check, fn);
      },
      addConnection: (connection, status, hostFunctions = []) => {
        this.#health.set(connection, () => status.report());
        this.#readiness.add(connection, status, hostFunctions);
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
      telemetry: this.telemetry,
      telemetrySnapshot: async (): Promise<TelemetrySnapshot> => {
        if (!this.link) return this.telemetry.snapshot();
        const all = await this.link.gather(TELEMETRY_TOPIC, null);
        return mergeTelemetry(all as TelemetrySnapshot[]);
      },
      announce: (line) => {
        this.#announcements.push(line);
        // Made after the banner was printed (a plugin still starting): told in the log.
        if (this.#announced) log.info(typeof line === "string" ? line : line());
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
