/**
 * The request and what comes of it, shared by the sequence executor, the Wasm runner and the
 * plugins: the coordinated request, an invocation's result, and a sequence's outcome.
 *
 * @module
 */

export type { InvokeResult, RunErr } from "./invoke_result.ts";
export { failure, type SequenceOutcome, success } from "./outcome.ts";
export { CoordinatedRequest, type RequestInit } from "./request.ts";
