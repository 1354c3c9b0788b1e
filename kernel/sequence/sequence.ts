/**
 * Runs a handler's steps as Atmo's sequence did: fn and group steps, `as`, `with` (also on group
 * members, as Atmo documented), `onErr`, and the final `response`. State values are raw bytes.
 * On a traced request each step is a span of the request's trace (a group's members are spans
 * under the group's), handed to the Runnable's invocation so its host calls record under it.
 *
 * @module
 */

import type { CallableFn, Step } from "../directive/types.ts";
import type { InvokeResult } from "../request/invoke_result.ts";
import { shouldReturn } from "./on_err.ts";
import { continuedErrorJSON, failure, type SequenceOutcome, success } from "../request/outcome.ts";
import type { CoordinatedRequest } from "../request/request.ts";
import type { Attributes, TraceSpan } from "../observe/trace.ts";

/**
 * Runs one Runnable (by FQFN) on the request with the given state view; `span` is the step's
 * span when the request is traced.
 */
export type Invoke = (
  fqfn: string,
  request: CoordinatedRequest,
  state: Map<string, Uint8Array>,
  span?: TraceSpan,
) => InvokeResult | Promise<InvokeResult>;

/** Options of {@link SequenceExecutor}. */
export interface SequenceOptions {
  /** How long a group step may take, in milliseconds (Atmo: 30 s). @default 30000 */
  groupTimeoutMs?: number;
}

const EMPTY = new Uint8Array(0);

/** A step's error that ends the sequence. */
class StepError {
  constructor(readonly code: number, readonly message: string) {}
}

/** Executes step lists against a request. */
export class SequenceExecutor {
  readonly #invoke: Invoke;
  readonly #groupTimeoutMs: number;

  /**
   * @param invoke runs one Runnable
   * @param options group timeout
   */
  constructor(invoke: Invoke, options: SequenceOptions = {}) {
    this.#invoke = invoke;
    this.#groupTimeoutMs = options.groupTimeoutMs ?? 30_000;
  }

  /**
   * Runs `steps` on `request`; the result is `state[responseKey]` if given, else the state value
   * of the last fn step (empty after a final group). Returns synchronously when every
   * invocation did (no Promise on the hot path of synchronous modules).
   */
  run(
    steps: Step[],
    request: CoordinatedRequest,
    responseKey?: string,
  ): SequenceOutcome | Promise<SequenceOutcome> {
    return this.#from(0, steps, request, responseKey);
  }

  #from(
    index: number,
    steps: Step[],
    request: CoordinatedRequest,
    responseKey: string | undefined,
  ): SequenceOutcome | Promise<SequenceOutcome> {
    try {
      for (let i = index; i < steps.length; i++) {
        const step = steps[i];
        const pending = step.group
          ? this.#group(step.group, request)
          : this.#fn(step as CallableFn, request);
        if (pending) {
          return pending.then(
            () => this.#from(i + 1, steps, request, responseKey),
            stepFailure,
          );
        }
      }
    } catch (error) {
      return stepFailure(error);
    }
    const last = steps[steps.length - 1];
    const key = responseKey || (last && !last.group ? stateKey(last as CallableFn) : undefined);
    return success((key !== undefined ? request.state.get(key) : undefined) ?? EMPTY);
  }

  /** Runs one fn step; returns a Promise only when the invocation is asynchronous. */
  #fn(fn: CallableFn, request: CoordinatedRequest): Promise<void> | void {
    const trace = request.trace;
    const result = trace === undefined
      ? this.#invoke(fn.fqfn, request, viewFor(fn, request.state))
      : this.#traced(fn, request, trace.root);
    if (result instanceof Promise) return result.then((r) => apply(fn, r, request));
    apply(fn, result, request);
  }

  /** Runs a group step; returns a Promise only when some member is asynchronous. */
  #group(members: CallableFn[], request: CoordinatedRequest): Promise<void> | void {
    const trace = request.trace;
    if (trace !== undefined) return this.#tracedGroup(members, request, trace.root);
    const results = members.map((fn) => this.#invoke(fn.fqfn, request, viewFor(fn, request.state)));
    if (!results.some((r) => r instanceof Promise)) {
      return settle(members, results as InvokeResult[], request);
    }
    return this.#wait(results).then((settled) => settle(members, settled, request));
  }

  /** Runs one fn under a span of its own, a child of `parent`. */
  #traced(
    fn: CallableFn,
    request: CoordinatedRequest,
    parent: TraceSpan,
  ): InvokeResult | Promise<InvokeResult> {
    const span = parent.child(fn.fn, "internal", {
      "stratos.step": "fn",
      "stratos.fn": fn.fn,
      "stratos.fqfn": fn.fqfn,
    });
    let result;
    try {
      result = this.#invoke(fn.fqfn, request, viewFor(fn, request.state), span);
    } catch (error) {
      endStep(span, describeStep(error));
      throw error;
    }
    if (result instanceof Promise) return result.then((r) => stepEnded(span, r));
    return stepEnded(span, result);
  }

  /** Runs a group under a span whose children are its members' spans. */
  #tracedGroup(
    members: CallableFn[],
    request: CoordinatedRequest,
    parent: TraceSpan,
  ): Promise<void> | void {
    const span = parent.child("group", "internal", {
      "stratos.step": "group",
      "stratos.members": members.length,
    });
    const ended = (error?: unknown) => {
      endStep(span, error === undefined ? undefined : describeStep(error));
      if (error !== undefined) throw error;
    };
    let results: (InvokeResult | Promise<InvokeResult>)[];
    try {
      results = members.map((fn) => this.#traced(fn, request, span));
    } catch (error) {
      return ended(error);
    }
    if (!results.some((r) => r instanceof Promise)) {
      try {
        settle(members, results as InvokeResult[], request);
      } catch (error) {
        return ended(error);
      }
      return ended();
    }
    return this.#wait(results)
      .then((settled) => settle(members, settled, request))
      .then(() => ended(), ended);
  }

  async #wait(results: (InvokeResult | Promise<InvokeResult>)[]): Promise<InvokeResult[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StepError(500, "fn group timed out")),
        this.#groupTimeoutMs,
      );
    });
    try {
      return await Promise.race([Promise.all(results), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Ends a step's span with the outcome of its invocation; passes the result on. */
function stepEnded(span: TraceSpan, result: InvokeResult): InvokeResult {
  if (result.failure !== undefined) {
    endStep(span, result.failure, "failure");
  } else if (result.runErr) {
    endStep(span, result.runErr.message, "error", { "stratos.error_code": result.runErr.code });
  } else {
    endStep(span);
  }
  return result;
}

/** Ends a step's span: `ok`, or failed with `error` (`outcome` says how), adding `more`. */
function endStep(span: TraceSpan, error?: string, outcome = "error", more?: Attributes): void {
  span.end({ ...more, "stratos.outcome": error === undefined ? "ok" : outcome }, error);
}

function describeStep(error: unknown): string {
  return error instanceof StepError ? error.message : String(error);
}

function stepFailure(error: unknown): SequenceOutcome {
  if (error instanceof StepError) return failure(error.code, error.message);
  throw error;
}

/** Applies onErr to every member first, then stores every result (Atmo's order). */
function settle(members: CallableFn[], results: InvokeResult[], request: CoordinatedRequest): void {
  results.forEach((r, i) => check(members[i], r));
  results.forEach((r, i) => store(members[i], r, request));
}

/** The state key of a fn: `as`, else the fn reference as written. */
function stateKey(fn: CallableFn): string {
  return fn.as || fn.fn;
}

/**
 * The state a Runnable sees: with `with`, aliases mapped to existing keys plus every key that is
 * not an aliased source (as Atmo's `with` documented); writes to this view are not kept.
 */
function viewFor(fn: CallableFn, state: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const aliases = fn.with;
  if (!aliases) return state;
  const entries = Object.entries(aliases);
  if (entries.length === 0) return state;
  const sources = new Set<string>();
  const view = new Map<string, Uint8Array>();
  for (const [alias, key] of entries) {
    const value = state.get(key);
    if (value === undefined) {
      throw new StepError(
        500,
        `failed to build desired state, ${key} does not exists in handler state`,
      );
    }
    view.set(alias, value);
    sources.add(key);
  }
  for (const [key, value] of state) {
    if (!sources.has(key) && !view.has(key)) view.set(key, value);
  }
  return view;
}

function check(fn: CallableFn, result: InvokeResult): void {
  if (result.failure !== undefined) {
    throw new StepError(result.failureStatus ?? 500, result.failure);
  }
  const runErr = result.runErr;
  if (runErr && shouldReturn(fn.onErr, runErr.code)) {
    throw new StepError(runErr.code, runErr.message);
  }
}

function store(fn: CallableFn, result: InvokeResult, request: CoordinatedRequest): void {
  const runErr = result.runErr;
  request.state.set(
    stateKey(fn),
    runErr ? continuedErrorJSON(runErr.code, runErr.message) : result.output ?? EMPTY,
  );
  for (const [k, v] of result.respHeaders) request.respHeaders.set(k, v);
}

function apply(fn: CallableFn, result: InvokeResult, request: CoordinatedRequest): void {
  check(fn, result);
  store(fn, result, request);
}
