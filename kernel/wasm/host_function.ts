/**
 * The contract between the Wasm runner and the host functions that capabilities and plugins
 * register. A host function is called with the current invocation ({@link HostCall}) and its i32
 * arguments without the trailing `ident`; the bridge resolves the ident, enforces the
 * one-pending-result rule, and adds the `_swift` variant.
 *
 * @module
 */

import type { CapabilityConfig } from "../directive/types.ts";
import type { Logger } from "../log.ts";
import type { CoordinatedRequest } from "../request/request.ts";
import type { TraceSpan } from "../observe/trace.ts";
import type { GuestMemory } from "./guest_memory.ts";

/** What a host function returns: an i32 (sizes, status codes) or nothing. */
export type HostResult = number | void;

/** A host function importable by Runnables from module `env`. */
export interface HostFunction {
  /** Import name in module `env`, e.g. `cache_get`. */
  readonly name: string;
  /** Number of i32 parameters before the trailing `ident`. */
  readonly params: number;
  /** Whether the import returns an i32. */
  readonly returns: boolean;
  /**
   * Whether it produces an FFI result: the call is refused with `-1` while the previous result
   * has not been fetched with `get_ffi_result`.
   */
  readonly ffi?: boolean;
  /**
   * Whether `call` may return a Promise (I/O). Modules importing such a function are run with
   * JS Promise Integration, so waiting never blocks other invocations.
   */
  readonly async?: boolean;
  /**
   * Whether calling it again for the same request is harmless: it only reads, or changes only
   * the invocation's own state (its result, response headers, FFI variables, log lines, which
   * the host discards when it restarts an invocation). A module whose imports are all repeatable
   * and synchronous runs directly, without JS Promise Integration: the host stops such a call
   * after a short slice and starts it again under JSPI, where it can be paused, so that it never
   * holds its isolate for long. A function that changes anything else (a cache, a database, the
   * request or the state of the steps) must leave this unset. @default false
   */
  readonly repeatable?: boolean;
  /** The implementation; `args` excludes `ident`. */
  call(call: HostCall, ...args: number[]): HostResult | Promise<HostResult>;
}

/** The module an invocation runs in. */
export interface ModuleInfo {
  /** Runnable name. */
  readonly name: string;
  /** Fully-qualified function name. */
  readonly fqfn: string;
}

/** A variable pushed with `add_ffi_var` for the next `db_exec`. */
export interface FFIVar {
  /** Variable name. */
  readonly name: string;
  /** Variable value. */
  readonly value: string;
}

/** The invocation a host function is called for. */
export interface HostCall {
  /** The module being run. */
  readonly module: ModuleInfo;
  /** The handler's request (method, url, id, body, headers, params). */
  readonly request: CoordinatedRequest;
  /** The state this step sees (the real state, or the `with` view of it). */
  readonly state: Map<string, Uint8Array>;
  /** Response headers set by this invocation. */
  readonly respHeaders: Map<string, string>;
  /** Bounds-checked access to the guest's memory. */
  readonly memory: GuestMemory;
  /** Logger scoped to this request and module, within the invocation's log budget. */
  readonly log: Logger;
  /**
   * Longest log line kept, in characters: a function that logs guest text need not read more of
   * it than this.
   */
  readonly maxLogLine: number;
  /** Capability configuration of the app. */
  readonly capabilities: CapabilityConfig;
  /**
   * The span of this invocation's step while the request is traced (tracing on, the console
   * open), undefined otherwise: a host function that does I/O records itself as a child span
   * (`call.trace?.child("db_exec", "client", {...})`) and passes `traceparent` on to what it
   * calls.
   */
  readonly trace?: TraceSpan;
  /** Variables pushed with `add_ffi_var` since the last call of {@link HostCall.takeVars}. */
  readonly vars: readonly FFIVar[];
  /** Pushes a variable (`add_ffi_var`). */
  addVar(v: FFIVar): void;
  /** Returns the pushed variables and clears the list. */
  takeVars(): FFIVar[];
  /** Stores a successful FFI result and returns its size. */
  ok(result: Uint8Array | string): number;
  /** Stores an error FFI result and returns minus its size (the guest reads it as an error). */
  fail(message: string): number;
}

/**
 * Builds a host function definition; a typed identity helper for plugin authors.
 *
 * @example
 * ```ts
 * const hello = defineHostFunction({
 *   name: "hello_name", params: 2, returns: true, ffi: true,
 *   call: (call, ptr, size) => call.ok(`hello ${call.memory.readString(ptr, size, "hello_name")}`),
 * });
 * ```
 */
export function defineHostFunction(fn: HostFunction): HostFunction {
  return fn;
}
