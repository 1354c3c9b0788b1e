/**
 * Ready before serving: which connections a handler's steps need, and holding its requests back
 * while one of them is still opening. A connection plugin registers its connection with the host
 * functions that use it (`db_exec` needs the database); a step list needs every connection one
 * of its Runnables imports a function of. While such a connection is `connecting` (its first
 * attempts are under way), a request waits for it, at most the wait allowed, then runs, or is
 * answered 503 with the names of those still opening. A connection leaves `connecting` once, so
 * a step list found clear is never checked again.
 *
 * With several isolates (`--workers`), a replica also asks the primary about the connections
 * only the primary opens ({@link Readiness.waitFor}, over the isolate link).
 *
 * @module
 */

import { settlesWithin } from "../connection/settle.ts";
import type { Step } from "../directive/types.ts";
import type { ConnectionState, ConnectionStatus } from "../plugins/types.ts";

/** A connection as the kernel tracks it. */
interface Entry {
  /** The name it is registered under (its `GET /health` check). */
  name: string;
  /** Its state. */
  status: ConnectionStatus;
  /** The host functions that use it. */
  hostFunctions: ReadonlySet<string>;
}

/**
 * Asks the primary isolate which of the connections used by `imports` are still opening, after
 * waiting at most `waitMs` for them.
 */
export type RemoteReadiness = (imports: string[], waitMs: number) => Promise<string[]>;

/** Options of {@link Readiness}. */
export interface ReadinessOptions {
  /** The host functions a Runnable (by FQFN) imports. */
  imports(fqfn: string): ReadonlySet<string> | undefined;
  /** Longest a request waits for its connections, in ms (`--ready-wait`). */
  waitMs: number;
  /** In a replica isolate: asks the primary about its connections. */
  remote?: RemoteReadiness;
}

/** The FQFNs a step list runs: its fn steps and the members of its groups. */
export function stepFqfns(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => step.group ? step.group.map((g) => g.fqfn) : [step.fqfn ?? ""]);
}

/** The connections of one version of the app, and the gate in front of its steps. */
export class Readiness {
  readonly #entries: Entry[] = [];
  readonly #options: ReadinessOptions;
  /** The host functions each step list imports. */
  readonly #imports = new WeakMap<readonly Step[], ReadonlySet<string>>();
  /** Step lists whose connections have all left `connecting`. */
  readonly #clear = new WeakSet<readonly Step[]>();

  /** @param options see {@link ReadinessOptions} */
  constructor(options: ReadinessOptions) {
    this.#options = options;
  }

  /** Tracks a connection used by `hostFunctions`. */
  add(name: string, status: ConnectionStatus, hostFunctions: readonly string[]): void {
    this.#entries.push({ name, status, hostFunctions: new Set(hostFunctions) });
  }

  /** Names of the connections still opening. */
  pending(): string[] {
    return this.inState("connecting");
  }

  /** Names of the connections in `state`. */
  inState(state: ConnectionState): string[] {
    return this.#entries.filter((e) => e.status.state === state).map((e) => e.name);
  }

  /** Resolves once no connection is opening any more (at once when none is). */
  async settled(): Promise<void> {
    await Promise.all(this.#entries.map((e) => e.status.settled()));
  }

  /**
   * `undefined` when `steps` may run now (the common case, answered without a Promise);
   * otherwise resolves, after waiting at most until `deadline` (a `performance.now()` time) and
   * at most the wait allowed, with the names of the connections still opening (none: run).
   */
  gate(steps: readonly Step[], deadline: number): Promise<string[]> | undefined {
    if (this.#clear.has(steps)) return undefined;
    const imports = this.#importsOf(steps);
    if (imports.size === 0 || (!this.#options.remote && this.#opening(imports).length === 0)) {
      this.#clear.add(steps);
      return undefined;
    }
    const waitMs = Math.max(0, Math.min(this.#options.waitMs, deadline - performance.now()));
    return this.#wait(steps, imports, waitMs);
  }

  /**
   * Waits at most `waitMs` for the connections used by `imports` that are still opening;
   * resolves with the names of those still opening then.
   */
  async waitFor(imports: Iterable<string>, waitMs: number): Promise<string[]> {
    const opening = this.#opening(new Set(imports));
    if (opening.length === 0) return [];
    await settlesWithin(Promise.all(opening.map((e) => e.status.settled())), waitMs);
    return opening.filter((e) => e.status.state === "connecting").map((e) => e.name);
  }

  async #wait(steps: readonly Step[], imports: ReadonlySet<string>, waitMs: number) {
    const until = performance.now() + waitMs;
    const local = await this.waitFor(imports, waitMs);
    const left = Math.max(0, until - performance.now());
    const remote = this.#options.remote ? await this.#options.remote([...imports], left) : [];
    const pending = [...local, ...remote];
    if (pending.length === 0) this.#clear.add(steps);
    return pending;
  }

  #opening(imports: ReadonlySet<string>): Entry[] {
    return this.#entries.filter((e) =>
      e.status.state === "connecting" && [...e.hostFunctions].some((f) => imports.has(f))
    );
  }

  #importsOf(steps: readonly Step[]): ReadonlySet<string> {
    let found = this.#imports.get(steps);
    if (!found) {
      found = new Set(stepFqfns(steps).flatMap((fqfn) => [...this.#options.imports(fqfn) ?? []]));
      this.#imports.set(steps, found);
    }
    return found;
  }
}

/** The message of the 503 answered while `pending` connections are still opening. */
export function pendingMessage(pending: readonly string[]): string {
  const names = pending.map((name) => `'${name}'`).join(", ");
  return pending.length === 1
    ? `not ready: connection ${names} is still opening, try again shortly`
    : `not ready: connections ${names} are still opening, try again shortly`;
}

/** The link topic on which the primary isolate answers replicas' {@link Readiness.waitFor}. */
export const READY_TOPIC = "kernel.ready";
