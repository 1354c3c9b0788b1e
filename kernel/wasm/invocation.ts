/**
 * One call of a Runnable: the state a host function sees ({@link HostCall}), the FFI result slot,
 * and the outcome the guest reports with `return_result` / `return_error` / `return_abort`.
 *
 * @module
 */

import type { CapabilityConfig } from "../directive/types.ts";
import type { Logger } from "../log.ts";
import { tracedLogger, type TraceSpan } from "../observe/trace.ts";
import type { CoordinatedRequest } from "../request/request.ts";
import type { GuestMemory } from "./guest_memory.ts";
import type { RunErr } from "../request/invoke_result.ts";
import { GuestLog, type LogBudget } from "./guest_log.ts";
import { PanicWatch } from "./guest_panic.ts";
import type { FFIVar, HostCall, ModuleInfo } from "./host_function.ts";
import { DeadlineError } from "./tick.ts";
import { encodeUTF8 } from "./utf8.ts";
import { type GuestStream, logGuestOutput } from "./wasi.ts";

let nextIdent = 1;

/** Mutable per-invocation state; implements {@link HostCall} for host functions. */
export class Invocation implements HostCall {
  /** The `ident` the guest echoes in host calls. */
  readonly ident: number;
  /** Response headers set by this invocation. */
  readonly respHeaders: Map<string, string> = new Map();
  /** Output passed to `return_result`, if any. */
  output: Uint8Array | undefined;
  /** Error passed to `return_error` / `return_abort`, if any. */
  runErr: RunErr | undefined;
  /** Whether {@link runErr} came from `return_abort` (a failed assertion, a recovered panic). */
  aborted = false;
  /** Whether an FFI result waits to be fetched. */
  pending = false;
  /** When the guest must stop (`performance.now()` clock, milliseconds). */
  deadline = Infinity;
  /** Whether the memory budget refused a growth of the guest's memory. */
  memoryRefused = false;
  /** Host calls made so far. */
  hostCalls = 0;
  #ffi: Uint8Array | undefined;
  #vars: FFIVar[] = [];
  #log: GuestLog | undefined;
  #panic: PanicWatch | undefined;
  #expiry: { promise: Promise<never>; timer: ReturnType<typeof setTimeout> } | undefined;

  /**
   * @param module the module being run
   * @param request the handler's request
   * @param state the state this step sees
   * @param memory the instance's memory
   * @param baseLog logger the invocation's scoped logger derives from
   * @param capabilities the app's capability configuration
   * @param logBudget how much the invocation may log
   * @param holdLog whether its log lines wait until it ends (it may be restarted)
   * @param trace the span of its step when the request is traced: its host calls record their
   *   own spans under it, and its log lines are kept with the trace
   */
  constructor(
    readonly module: ModuleInfo,
    readonly request: CoordinatedRequest,
    readonly state: Map<string, Uint8Array>,
    readonly memory: GuestMemory,
    private readonly baseLog: Logger,
    readonly capabilities: CapabilityConfig,
    private readonly logBudget: Readonly<LogBudget>,
    private readonly holdLog: boolean,
    readonly trace?: TraceSpan,
  ) {
    this.ident = nextIdent;
    nextIdent = nextIdent >= 0x7ffffffe ? 1 : nextIdent + 1;
  }

  /**
   * Logger scoped to the request id (the trace id too when traced), module and ident, within the
   * log budget.
   */
  get log(): GuestLog {
    return this.#log ??= new GuestLog(this.#scopedLog(), this.logBudget, this.holdLog);
  }

  #scopedLog(): Logger {
    const scope = { ...this.request.logFields(), module: this.module.fqfn, ident: this.ident };
    const log = this.baseLog.child(scope);
    return this.trace ? tracedLogger(log, this.trace.trace, scope) : log;
  }

  /** Logs a line the guest wrote to stdout or stderr; stderr is watched for a panic report. */
  guestOutput(stream: GuestStream, line: string): void {
    logGuestOutput(this.log, stream, line);
    if (stream === "stderr") (this.#panic ??= new PanicWatch()).push(line);
  }

  /** The panic the guest reported on stderr (Rust's standard library, Go's runtime), if any. */
  get panic(): string | undefined {
    return this.#panic?.message;
  }

  /** Whether its log lines wait until it ends (it runs directly, so it may be restarted). */
  get held(): boolean {
    return this.holdLog;
  }

  /** Longest log line kept, in characters. */
  get maxLogLine(): number {
    return this.logBudget.lineBytes;
  }

  /** A Promise that rejects with {@link DeadlineError} at the deadline (for waits on I/O). */
  expiry(): Promise<never> {
    if (this.#expiry) return this.#expiry.promise;
    const { promise, reject } = Promise.withResolvers<never>();
    promise.catch(() => {}); // only a race against a host call's Promise observes it
    const timer = setTimeout(
      () => reject(new DeadlineError()),
      Math.max(0, this.deadline - performance.now()),
    );
    this.#expiry = { promise, timer };
    return promise;
  }

  /** Ends the invocation: writes its log (with what the budget left out) and stops its timer. */
  close(): void {
    this.#log?.close();
    if (this.#expiry) clearTimeout(this.#expiry.timer);
  }

  /** Whether the guest already reported a result or an error (the first one wins). */
  get finished(): boolean {
    return this.output !== undefined || this.runErr !== undefined;
  }

  /** Variables pushed with `add_ffi_var`. */
  get vars(): readonly FFIVar[] {
    return this.#vars;
  }

  /** Pushes a variable. */
  addVar(v: FFIVar): void {
    this.#vars.push(v);
  }

  /** Returns the pushed variables and clears the list. */
  takeVars(): FFIVar[] {
    const vars = this.#vars;
    this.#vars = [];
    return vars;
  }

  /** Stores a successful FFI result; returns its size. */
  ok(result: Uint8Array | string): number {
    const bytes = typeof result === "string" ? encodeUTF8(result) : result;
    this.#ffi = bytes;
    this.pending = true;
    return bytes.length;
  }

  /** Stores an error FFI result; returns minus its size. */
  fail(message: string): number {
    const bytes = encodeUTF8(message || "unknown error");
    this.#ffi = bytes;
    this.pending = true;
    return -bytes.length;
  }

  /** Takes the pending FFI result (`get_ffi_result`), or `undefined` if none is pending. */
  takeResult(): Uint8Array | undefined {
    if (!this.pending) return undefined;
    const bytes = this.#ffi;
    this.#ffi = undefined;
    this.pending = false;
    return bytes;
  }
}
