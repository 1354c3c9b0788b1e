/**
 * Ready before serving: the connections each handler needs, and the gate that holds its
 * requests back (or answers 503) while one of them is still opening.
 *
 * @module
 */

export {
  pendingMessage,
  Readiness,
  type ReadinessOptions,
  READY_TOPIC,
  type RemoteReadiness,
  stepFqfns,
} from "./readiness.ts";
