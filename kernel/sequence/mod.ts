/**
 * Sequences: the request a handler runs on, its steps, and the resulting response.
 *
 * @module
 */

export { shouldReturn } from "./on_err.ts";
export { failure, type SequenceOutcome, success } from "../request/outcome.ts";
export { CoordinatedRequest, type RequestInit } from "../request/request.ts";
export { type Invoke, SequenceExecutor, type SequenceOptions } from "./sequence.ts";
