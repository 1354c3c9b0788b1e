/**
 * The replica's side of `--workers N`: inside a Worker, waits for the primary's `start`, runs the
 * app's HTTP handlers on the primary's port, forwards link requests, and drains on `stop`.
 *
 * @module
 */

import { describeError } from "../errors.ts";
import { createLogger } from "../log.ts";
import type { BuiltinPlugin } from "../plugins/mod.ts";
import { createKernelRuntime, type Runtime } from "../runtime.ts";
import { settleAfterStart } from "../wasm/mod.ts";
import { ReplicaLink } from "./link.ts";
import type { FromReplica, ToReplica } from "./replicas.ts";

/** The parts of a Worker's global scope a replica uses. */
interface WorkerScope {
  postMessage(message: FromReplica): void;
  onmessage: ((event: MessageEvent<ToReplica>) => void) | null;
  close(): void;
}

/** True inside a Worker (where Stratos's entry module serves as a replica). */
export function inWorker(): boolean {
  return "WorkerGlobalScope" in globalThis;
}

/** Serves as a replica isolate with the built-in plugins `builtins` until the primary stops it. */
export function runReplica(builtins: readonly BuiltinPlugin[]): void {
  const scope = globalThis as unknown as WorkerScope;
  const post = (message: FromReplica) => scope.postMessage(message);
  const link = new ReplicaLink(post);
  let runtime: Runtime | undefined;
  let stopping = false;
  scope.onmessage = async (event) => {
    const message = event.data;
    switch (message.kind) {
      case "start":
        try {
          const log = createLogger({
            level: message.options.logLevel,
            scope: {
              isolate: message.index,
            },
          });
          runtime = await createKernelRuntime(
            { ...message.options, log, link, memoryBudget: message.memoryBudget },
            builtins,
          );
          await runtime.serve();
          // Ready once its own connections (a database pool, a Redis client) are open, as the
          // primary was before starting it: the banner and a healthy /health come after that. A
          // connection that fails every attempt at start fails the replica.
          await runtime.opened();
          post({ kind: "ready" });
          settleAfterStart();
          runtime.ready().catch((error) => {
            if (!stopping) post({ kind: "failed", message: describeError(error) });
          });
        } catch (error) {
          await runtime?.stop().catch(() => {});
          post({ kind: "failed", message: describeError(error) });
        }
        break;
      case "request":
      case "reply":
        link.channel.receive(message);
        break;
      case "reload":
        try {
          post({ kind: "reloaded", version: await runtime!.reload() });
        } catch (error) {
          post({ kind: "reload-failed", message: describeError(error) });
        }
        break;
      case "stop":
        stopping = true;
        await runtime?.stop();
        link.channel.abandon("the primary isolate stopped");
        post({ kind: "stopped" });
        scope.close();
        break;
    }
  };
}
