/**
 * The primary's side of `--workers N`: starts N-1 replica isolates (Workers running the same
 * entry module), each serving the app's HTTP handlers on the primary's port (`reusePort`, so the
 * kernel spreads connections across them), answers their link requests, and stops them.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import type { RuntimeOptions } from "../options.ts";
import type { LinkMessage, PrimaryLink } from "./link.ts";

/** What the primary tells a replica. */
export type ToReplica =
  | { kind: "start"; options: RuntimeOptions; index: number; memoryBudget: SharedArrayBuffer }
  | { kind: "stop" }
  | { kind: "reload" }
  | LinkMessage;

/** What a replica tells the primary. */
export type FromReplica =
  | { kind: "ready" }
  | { kind: "failed"; message: string }
  | { kind: "stopped" }
  | { kind: "reloaded"; version: string }
  | { kind: "reload-failed"; message: string }
  | LinkMessage;

/** Options of {@link startReplicas}. */
export interface ReplicaOptions {
  /** How many replicas (the primary not counted). */
  count: number;
  /** The entry module the Workers run (Stratos's `main.ts`, which serves as a replica there). */
  entry: string | URL;
  /** The runtime options, with the port the primary listens on. */
  options: RuntimeOptions;
  /** The primary's link, whose handlers answer the replicas. */
  link: PrimaryLink;
  /** The count of the process's memory budget, which the replicas spend too. */
  memoryBudget: SharedArrayBuffer;
  /** Where replica failures are logged. */
  log: Logger;
  /** How long a replica may take to start. @default 30000 */
  startTimeoutMs?: number;
}

/** The replicas that started. */
export interface ReplicaSet {
  /** How many serve. */
  readonly running: number;
  /** Asks every replica to stop (drain its requests) and resolves once all have. */
  stop(): Promise<void>;
  /**
   * Asks every replica to reload the app (see `Runtime.reload`) and resolves once all have.
   * @throws an Error naming the replicas that refused, with their reasons
   */
  reload(): Promise<void>;
}

/**
 * Starts the replicas and resolves once each one serves or failed; a replica that fails to start
 * is logged and left out (the primary and the others still serve).
 */
export async function startReplicas(opts: ReplicaOptions): Promise<ReplicaSet> {
  const started = await Promise.all(
    Array.from({ length: opts.count }, (_, i) => startReplica(opts, i + 1)),
  );
  const replicas = started.filter((r): r is Replica => r !== undefined);
  return {
    running: replicas.length,
    async stop() {
      await Promise.all(replicas.map((r) => r.stop()));
    },
    async reload() {
      const results = await Promise.all(replicas.map((r) => r.reload()));
      const refused = results.filter((r): r is string => r !== undefined);
      if (refused.length > 0) throw new Error(refused.join("; "));
    },
  };
}

interface Replica {
  stop(): Promise<void>;
  /** Resolves with undefined once the replica reloaded, or with why it refused. */
  reload(): Promise<string | undefined>;
}

function startReplica(opts: ReplicaOptions, index: number): Promise<Replica | undefined> {
  const worker = new Worker(opts.entry, { type: "module", name: `stratos-replica-${index}` });
  const ready = Promise.withResolvers<Replica | undefined>();
  const stopped = Promise.withResolvers<void>();
  const send = (message: ToReplica) => worker.postMessage(message);
  const channel = opts.link.connect(send);
  let reloaded: PromiseWithResolvers<string | undefined> | undefined;
  const fail = (message: string) => {
    opts.log.error("a replica isolate failed", { isolate: index, error: message });
    opts.link.disconnect(channel);
    worker.terminate();
    ready.resolve(undefined);
    stopped.resolve();
    reloaded?.resolve(`isolate ${index} failed: ${message}`);
  };
  const timer = setTimeout(
    () => fail(`not serving after ${(opts.startTimeoutMs ?? 30_000) / 1000} s`),
    opts.startTimeoutMs ?? 30_000,
  );
  const replica: Replica = {
    stop() {
      send({ kind: "stop" });
      return stopped.promise;
    },
    reload() {
      reloaded = Promise.withResolvers();
      send({ kind: "reload" });
      return reloaded.promise;
    },
  };
  worker.onmessage = (event: MessageEvent<FromReplica>) => {
    const message = event.data;
    switch (message.kind) {
      case "request":
      case "reply":
        channel.receive(message);
        break;
      case "ready":
        clearTimeout(timer);
        opts.link.join(channel);
        ready.resolve(replica);
        break;
      case "failed":
        clearTimeout(timer);
        fail(message.message);
        break;
      case "reloaded":
        reloaded?.resolve(undefined);
        break;
      case "reload-failed":
        reloaded?.resolve(`isolate ${index}: ${message.message}`);
        break;
      case "stopped":
        opts.link.disconnect(channel);
        worker.terminate();
        stopped.resolve();
        break;
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    clearTimeout(timer);
    fail(event.message);
  };
  send({ kind: "start", options: opts.options, index, memoryBudget: opts.memoryBudget });
  return ready.promise;
}
