/**
 * Several isolates in one process (`--workers N`): the link plugins use across them, the
 * primary's replica set and the replica's entry.
 *
 * @module
 */

export {
  Channel,
  type IsolateLink,
  type LinkHandler,
  type LinkMessage,
  PrimaryLink,
  ReplicaLink,
} from "./link.ts";
export { type ReplicaSet, startReplicas } from "./replicas.ts";
export { inWorker, runReplica } from "./replica.ts";
