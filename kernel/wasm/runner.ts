/**
 * The Wasm runner: compiles each module once, keeps a bounded pool of warm instances per module,
 * and runs invocations on them, one per instance at a time. An instance that trapped, served
 * `maxUses` invocations, or grew past `warmMemoryMiB` is replaced.
 *
 * Modules whose imports never wait and are repeatable run directly, with no Promise on the way;
 * the others run under JS Promise Integration, so a wait never blocks other invocations. A direct
 * call that runs past its slice is stopped and started again under JSPI, where its tick pauses it
 * every few milliseconds (see tick.ts); from then on that module runs under JSPI in this isolate.
 * So no guest, however long it runs, holds its isolate for long, and each stops at its deadline.
 *
 * @module
 */

import type { CapabilityConfig } from "../directive/types.ts";
import type { Logger } from "../log.ts";
import { emptyHistogram, type HistogramData, observe } from "../observe/histogram.ts";
import type { TraceSpan } from "../observe/trace.ts";
import type { CoordinatedRequest } from "../request/request.ts";
import { DEFAULT_LOG_BUDGET, type LogBudget } from "./guest_log.ts";
import type { ModuleInfo } from "./host_function.ts";
import { WasmInstance } from "./instance.ts";
import type { InvokeResult } from "../request/invoke_result.ts";
import { Invocation } from "./invocation.ts";
import { MemoryBudget, MemoryBudgetError } from "./memory_budget.ts";
import { checkModule, compileBytes, type CompiledModule } from "./module.ts";
import type { ModuleStats } from "../plugins/types.ts";
import { Pool, PoolFullError } from "./pool.ts";
import { reclaimSoon } from "./reclaim.ts";
import type { HostFunctionRegistry } from "./registry.ts";
import { DeadlineError } from "./tick.ts";

/** Options of {@link WasmRunner}. */
export interface RunnerOptions {
  /** Host functions modules may import. */
  registry: HostFunctionRegistry;
  /** The app's capability configuration, handed to host functions. */
  capabilities: CapabilityConfig;
  /** Logger for guest output and invocation errors. */
  log: Logger;
  /** Most instances per module alive at once. @default 32 */
  maxInstances?: number;
  /** Replace an instance after this many invocations; 0 = never. @default 0 */
  maxUses?: number;
  /**
   * Invocations that may wait for an instance of one module; past it they fail at once with
   * status 503. @default 1024
   */
  maxWaiting?: number;
  /**
   * Time limit of an invocation whose request has no deadline, and of an instance's
   * initialisation, in milliseconds. @default 30000
   */
  timeoutMs?: number;
  /** The budget of all instance memory (shared with other isolates). @default 1024 MiB */
  memoryBudget?: MemoryBudget;
  /** An instance whose memory grew past this many MiB is dropped after its call. @default 16 */
  warmMemoryMiB?: number;
  /** How much one invocation may log. */
  logBudget?: Readonly<LogBudget>;
  /**
   * Dev mode: the answer of an invocation that trapped also says what the guest reported before
   * (its panic message), as the log always does. @default false
   */
  dev?: boolean;
  /** Says whether invocations are timed (someone reads durations). @default never */
  timing?: { readonly timing: boolean };
}

/** A loaded module and its instance pool. */
export interface LoadedModule {
  /** Name and FQFN. */
  readonly info: ModuleInfo;
  /** Whether invocations go through JSPI because an import may suspend. */
  readonly suspends: boolean;
  /** Invocations started. */
  invocations: number;
  /** Invocations that ended with a trap or ABI misuse. */
  failures: number;
  /** Direct calls started again under JSPI. */
  restarts: number;
  /** Invocations whose guest returned an error on purpose (a RunErr). */
  errors: number;
  /** Invocations refused for overload (queue full, memory budget spent): answered 503. */
  refusals: number;
  /** Durations of the invocations timed. */
  duration: HistogramData;
}

interface ModuleEntry extends LoadedModule {
  readonly compiled: CompiledModule;
  readonly pool: Pool<WasmInstance>;
  /** A direct call of this module ran past its slice: its calls now run under JSPI. */
  longRunning: boolean;
  /** Invocations left to run under JSPI before a direct call is tried again. */
  jspiRuns: number;
  /** Direct calls escalated in a row (the JSPI stretch after each doubles). */
  escalations: number;
}

/** Invocations run under JSPI after a first escalation; doubled after each further one. */
const JSPI_STRETCH = 16;
/** Longest stretch under JSPI before a direct call is tried again. */
const MAX_JSPI_STRETCH = 4096;

/** Compiles modules and runs invocations on pooled instances. */
export class WasmRunner {
  readonly #options: Required<RunnerOptions>;
  readonly #modules = new Map<string, ModuleEntry>();

  /** @param options registry, capabilities, logger and pool bounds */
  constructor(options: RunnerOptions) {
    this.#options = {
      ...options,
      maxInstances: options.maxInstances ?? 32,
      maxUses: options.maxUses ?? 0,
      maxWaiting: options.maxWaiting ?? 1024,
      timeoutMs: options.timeoutMs ?? 30_000,
      memoryBudget: options.memoryBudget ?? new MemoryBudget(1024),
      warmMemoryMiB: options.warmMemoryMiB ?? 16,
      logBudget: options.logBudget ?? DEFAULT_LOG_BUDGET,
      dev: options.dev ?? false,
      timing: options.timing ?? { timing: false },
    };
  }

  /**
   * Checks the module `info.fqfn` (bytes, or already compiled) and creates one warm instance, so
   * that a module that cannot start fails here, naming the module.
   */
  async load(info: ModuleInfo, code: Uint8Array | WebAssembly.Module): Promise<LoadedModule> {
    const module = code instanceof WebAssembly.Module ? code : await compileBytes(info.name, code);
    const compiled = checkModule(info, module, this.#options.registry);
    const log = this.#options.log.child({ module: info.fqfn });
    const limits = { initTimeoutMs: this.#options.timeoutMs, budget: this.#options.memoryBudget };
    const pool = new Pool(
      () => WasmInstance.create(compiled, log, limits),
      this.#options.maxInstances,
      this.#options.maxWaiting,
      (instance) => this.#dispose(instance),
    );
    await pool.prewarm();
    const entry: ModuleEntry = {
      info,
      compiled,
      pool,
      suspends: compiled.suspends,
      longRunning: false,
      jspiRuns: 0,
      escalations: 0,
      invocations: 0,
      failures: 0,
      restarts: 0,
      errors: 0,
      refusals: 0,
      duration: emptyHistogram(),
    };
    this.#modules.set(info.fqfn, entry);
    return entry;
  }

  /** The loaded module with this FQFN, if any. */
  get(fqfn: string): LoadedModule | undefined {
    return this.#modules.get(fqfn);
  }

  /**
   * Runs `module` once with the request's body as input and `state` as the state it sees;
   * `span` is its step's span when the request is traced (its host calls record under it).
   * Never rejects for guest faults: they come back as `failure`.
   */
  invoke(
    module: LoadedModule,
    request: CoordinatedRequest,
    state: Map<string, Uint8Array>,
    span?: TraceSpan,
  ): InvokeResult | Promise<InvokeResult> {
    const entry = module as ModuleEntry;
    entry.invocations++;
    const deadline = request.deadline ?? performance.now() + this.#options.timeoutMs;
    if (!this.#options.timing.timing) {
      return this.#attempt(entry, request, state, deadline, this.#direct(entry), span);
    }
    const started = performance.now();
    const result = this.#attempt(entry, request, state, deadline, this.#direct(entry), span);
    const timed = (r: InvokeResult) => {
      observe(entry.duration, performance.now() - started);
      return r;
    };
    return result instanceof Promise ? result.then(timed) : timed(result);
  }

  /** Pool counters per module FQFN. */
  stats(): Map<string, ModuleStats> {
    const out = new Map<string, ModuleStats>();
    for (const [fqfn, entry] of this.#modules) {
      out.set(fqfn, {
        ...entry.pool.stats(),
        invocations: entry.invocations,
        failures: entry.failures,
        restarts: entry.restarts,
        errors: entry.errors,
        refusals: entry.refusals,
        duration: structuredClone(entry.duration),
      });
    }
    return out;
  }

  /** Drops all idle instances; invocations in flight finish. */
  close(): void {
    for (const entry of this.#modules.values()) entry.pool.close();
  }

  /** Gives a dropped instance's memory back; a large one is collected soon. */
  #dispose(instance: WasmInstance): void {
    instance.dispose();
    if (instance.memoryBytes > this.#options.warmMemoryMiB * 1024 * 1024) reclaimSoon();
  }

  /**
   * Whether the next invocation of `entry` starts directly: when the module allows it, never
   * ran past a slice, and is not in a stretch under JSPI after an escalation.
   */
  #direct(entry: ModuleEntry): boolean {
    if (!entry.compiled.direct || entry.longRunning) return false;
    if (entry.jspiRuns === 0) return true;
    entry.jspiRuns--;
    return false;
  }

  /** Gets an instance (at once or after a wait) and runs the invocation on it. */
  #attempt(
    entry: ModuleEntry,
    request: CoordinatedRequest,
    state: Map<string, Uint8Array>,
    deadline: number,
    direct: boolean,
    span: TraceSpan | undefined,
  ): InvokeResult | Promise<InvokeResult> {
    const instance = entry.pool.acquire();
    if (instance instanceof Promise) {
      return instance.then(
        (ready) => this.#run(entry, ready, request, state, deadline, direct, span),
        (error) => this.#failed(entry, undefined, error, undefined, request),
      );
    }
    return this.#run(entry, instance, request, state, deadline, direct, span);
  }

  #run(
    entry: ModuleEntry,
    instance: WasmInstance,
    request: CoordinatedRequest,
    state: Map<string, Uint8Array>,
    deadline: number,
    direct: boolean,
    span: TraceSpan | undefined,
  ): InvokeResult | Promise<InvokeResult> {
    const invocation = new Invocation(
      entry.info,
      request,
      state,
      instance.memory,
      this.#options.log,
      this.#options.capabilities,
      this.#options.logBudget,
      direct,
      span,
    );
    invocation.deadline = deadline;
    let pending: unknown;
    try {
      pending = instance.run(invocation, request.body, direct);
    } catch (error) {
      return this.#failed(entry, instance, error, invocation);
    }
    if (pending instanceof Promise) {
      return pending.then(
        () => this.#done(entry, instance, invocation),
        (error) => this.#failed(entry, instance, error, invocation),
      );
    }
    return this.#done(entry, instance, invocation);
  }

  #done(
    entry: ModuleEntry,
    instance: WasmInstance,
    invocation: Invocation,
  ): InvokeResult | Promise<InvokeResult> {
    if (instance.stopped) return this.#failed(entry, instance, undefined, invocation);
    if (invocation.held) entry.escalations = 0;
    if (invocation.aborted) this.#logFailure(entry, invocation.request, invocation.runErr!.message);
    instance.release();
    invocation.close();
    const maxUses = this.#options.maxUses;
    const reusable = (maxUses === 0 || instance.uses < maxUses) &&
      instance.memoryBytes <= this.#options.warmMemoryMiB * 1024 * 1024;
    entry.pool.release(instance, reusable);
    if (invocation.runErr) entry.errors++;
    return {
      output: invocation.output,
      runErr: invocation.runErr,
      respHeaders: invocation.respHeaders,
    };
  }

  #failed(
    entry: ModuleEntry,
    instance: WasmInstance | undefined,
    error: unknown,
    invocation?: Invocation,
    request: CoordinatedRequest | undefined = invocation?.request,
  ): InvokeResult | Promise<InvokeResult> {
    if (instance) {
      instance.release();
      entry.pool.release(instance, false);
      const stopped = instance.stopped;
      if ((stopped === "slice" || stopped === "escalate") && invocation) {
        // A direct call that held its isolate too long, or reached an import it may not call
        // directly: start again under JSPI. This attempt's log lines were held back and are
        // dropped with it; nothing else it did outlives it.
        if (stopped === "slice") entry.longRunning = true;
        else {
          entry.escalations++;
          entry.jspiRuns = Math.min(MAX_JSPI_STRETCH, JSPI_STRETCH << (entry.escalations - 1));
        }
        entry.restarts++;
        const { state, deadline, trace } = invocation;
        return this.#attempt(entry, invocation.request, state, deadline, false, trace);
      }
    }
    invocation?.close();
    entry.failures++;
    // A RunErr reported before the trap wins (AssemblyScript's abort traps after return_abort).
    if (invocation?.runErr) {
      if (invocation.aborted) {
        this.#logFailure(entry, invocation.request, invocation.runErr.message);
      }
      entry.errors++;
      return { runErr: invocation.runErr, respHeaders: invocation.respHeaders };
    }
    const stopped = instance?.stopped === "deadline" || error instanceof DeadlineError;
    const overloaded = error instanceof PoolFullError || error instanceof MemoryBudgetError ||
      invocation?.memoryRefused === true;
    const trap = stopped ? new DeadlineError().message : describe(error);
    // What the guest printed before it trapped (Rust's panic message) says why.
    const panic = stopped || overloaded ? undefined : invocation?.panic;
    const text = panic ? `${panic} (${trap})` : trap;
    if (overloaded) entry.refusals++;
    // Overload is reported to each caller (503); logging every refusal would flood the log.
    this.#logFailure(entry, request, text, overloaded ? "debug" : "warn");
    return {
      failure: `wasm execution error: ${entry.info.name}: ${this.#options.dev ? text : trap}`,
      respHeaders: invocation?.respHeaders ?? new Map(),
      failureStatus: stopped ? 504 : overloaded ? 503 : undefined,
    };
  }

  /** Logs why an invocation failed, with its request's id. */
  #logFailure(
    entry: ModuleEntry,
    request: CoordinatedRequest | undefined,
    error: string,
    level: "warn" | "debug" = "warn",
  ): void {
    this.#options.log[level]("invocation failed", {
      ...request?.logFields(),
      module: entry.info.fqfn,
      error,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
