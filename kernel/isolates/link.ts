/**
 * The link between the isolates of one Stratos process. With `--workers N` the primary isolate
 * runs the whole app and N-1 replica isolates (Workers) serve HTTP on the same port; what must be
 * one per process (the database pool, for instance) lives in the primary, and replicas reach it
 * by asking over the link (or once ask for shared memory, which an answer shares rather than
 * copies); what each isolate counts for itself (module statistics) is gathered from all of them. A plugin sees the link as `ctx.link` (undefined with one isolate).
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/** Answers the requests of one topic. */
export type LinkHandler = (payload: unknown) => unknown | Promise<unknown>;

/** How a plugin talks across the isolates of its process. */
export interface IsolateLink {
  /** `primary` runs everything; a `replica` serves HTTP requests only. */
  readonly role: "primary" | "replica";
  /**
   * Asks the primary's handler of `topic` (in the primary itself, calls it directly). The payload
   * and the answer are copied with the structured-clone algorithm.
   */
  request(topic: string, payload: unknown): Promise<unknown>;
  /**
   * Asks the handler of `topic` in every isolate of the process; the primary's answer first. An
   * isolate that does not answer within {@link GATHER_TIMEOUT_MS} (busy with a guest that loops
   * until its deadline) is left out, so `/health` and `/meta/metrics` stay prompt.
   */
  gather(topic: string, payload: unknown): Promise<unknown[]>;
  /** Answers `topic` in this isolate (for {@link request} in the primary, {@link gather} in all). */
  serve(topic: string, handler: LinkHandler): void;
  /**
   * A view of this link for one version of the app: a topic it serves replaces the same topic
   * served through another view (an older version, on reload), while serving a topic twice
   * through one view is still an error.
   */
  scope(): IsolateLink;
}

/** How long {@link IsolateLink.gather} waits for another isolate's answer, in ms. */
export const GATHER_TIMEOUT_MS = 1000;

/** The answer of `call`, or `missing` if it takes longer than {@link GATHER_TIMEOUT_MS}. */
function withinGatherTime<T>(call: Promise<T>, missing: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(missing), GATHER_TIMEOUT_MS);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

/** A request from one isolate to another. */
export interface LinkRequest {
  /** Message kind. */
  kind: "request";
  /** Matches the reply to the request. */
  id: number;
  /** The topic a handler serves. */
  topic: string;
  /** What the handler gets. */
  payload: unknown;
  /** From a replica: gather the answers of every isolate instead of the primary's alone. */
  gather?: boolean;
}

/** The answer to a {@link LinkRequest}. */
export type LinkReply =
  | { kind: "reply"; id: number; ok: true; value: unknown }
  | { kind: "reply"; id: number; ok: false; message: string };

/** Messages that travel on a {@link Channel}. */
export type LinkMessage = LinkRequest | LinkReply;

/**
 * One end of the message pipe between two isolates: sends requests and settles their replies,
 * answers the other end's requests with `handle`.
 */
export class Channel {
  readonly #pending = new Map<number, PromiseWithResolvers<unknown>>();
  #nextId = 1;

  /**
   * @param post sends a message to the other isolate
   * @param handle answers a request of the other isolate
   */
  constructor(
    private readonly post: (message: LinkMessage) => void,
    private readonly handle: (request: LinkRequest) => unknown | Promise<unknown>,
  ) {}

  /** Sends a request and resolves with the other end's answer. */
  call(topic: string, payload: unknown, gather = false): Promise<unknown> {
    const id = this.#nextId++;
    const waiting = Promise.withResolvers<unknown>();
    this.#pending.set(id, waiting);
    this.post({ kind: "request", id, topic, payload, ...(gather ? { gather } : {}) });
    return waiting.promise;
  }

  /** Takes a message from the other end: answers a request, settles a reply. */
  async receive(message: LinkMessage): Promise<void> {
    if (message.kind === "request") {
      try {
        this.post({ kind: "reply", id: message.id, ok: true, value: await this.handle(message) });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        this.post({ kind: "reply", id: message.id, ok: false, message: text });
      }
      return;
    }
    const waiting = this.#pending.get(message.id);
    if (!waiting) return;
    this.#pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(message.message));
  }

  /** Fails every request still waiting (the other end is gone). */
  abandon(reason: string): void {
    for (const waiting of this.#pending.values()) waiting.reject(new Error(reason));
    this.#pending.clear();
  }
}

/** The handlers of one isolate. */
class Handlers {
  readonly #handlers = new Map<string, { handler: LinkHandler; owner: object }>();

  /** Serves `topic` for `owner` (a view of the link), replacing another owner's handler. */
  serve(topic: string, handler: LinkHandler, owner: object): void {
    if (this.#handlers.get(topic)?.owner === owner) {
      throw new StratosError("STRATOS_ERR_LINK_TOPIC", `link topic '${topic}' is served twice`);
    }
    this.#handlers.set(topic, { handler, owner });
  }

  call(topic: string, payload: unknown): Promise<unknown> {
    const handler = this.#handlers.get(topic)?.handler;
    if (!handler) {
      return Promise.reject(
        new StratosError("STRATOS_ERR_LINK_TOPIC", `no plugin serves link topic '${topic}'`),
      );
    }
    try {
      return Promise.resolve(handler(payload));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * The primary's side: answers replicas, and gathers from them through their channels. A replica
 * is asked in gathers only once it {@link join}ed: before, it is still setting up and does not
 * serve the kernel's topics yet (asking it then failed `/health` while the process started).
 */
export class PrimaryLink implements IsolateLink {
  readonly role = "primary";
  readonly #handlers = new Handlers();
  /** The replicas that joined: gathers ask them. */
  readonly #replicas = new Set<Channel>();

  request(topic: string, payload: unknown): Promise<unknown> {
    return this.#handlers.call(topic, payload);
  }

  async gather(topic: string, payload: unknown): Promise<unknown[]> {
    const none = Symbol("no answer");
    const answers = await Promise.all([
      this.#handlers.call(topic, payload),
      ...[...this.#replicas].map((replica) =>
        withinGatherTime<unknown>(replica.call(topic, payload), none)
      ),
    ]);
    return answers.filter((answer) => answer !== none);
  }

  serve(topic: string, handler: LinkHandler): void {
    this.#handlers.serve(topic, handler, this);
  }

  scope(): IsolateLink {
    return scoped(this, this.#handlers);
  }

  /**
   * Connects a replica: `post` reaches it; returns the channel its messages go to. Its requests
   * are answered at once; gathers ask it once it {@link join}ed.
   */
  connect(post: (message: LinkMessage) => void): Channel {
    return new Channel(
      post,
      (r) => r.gather ? this.gather(r.topic, r.payload) : this.request(r.topic, r.payload),
    );
  }

  /** Includes a connected replica in gathers: it has started and serves its topics. */
  join(channel: Channel): void {
    this.#replicas.add(channel);
  }

  /** Disconnects a replica that stopped, failing what it was still asked. */
  disconnect(channel: Channel): void {
    this.#replicas.delete(channel);
    channel.abandon("the replica isolate stopped");
  }
}

/** The replica's side: requests go to the primary, the primary's gathers reach its handlers. */
export class ReplicaLink implements IsolateLink {
  readonly role = "replica";
  readonly #handlers = new Handlers();
  /** The channel to the primary. */
  readonly channel: Channel;

  /** @param post sends a message to the primary */
  constructor(post: (message: LinkMessage) => void) {
    this.channel = new Channel(post, (r) => this.#handlers.call(r.topic, r.payload));
  }

  request(topic: string, payload: unknown): Promise<unknown> {
    return this.channel.call(topic, payload);
  }

  async gather(topic: string, payload: unknown): Promise<unknown[]> {
    // A primary that does not answer in time: this isolate's own answer stands alone.
    const none = Symbol("no answer");
    const all = await withinGatherTime<unknown>(this.channel.call(topic, payload, true), none);
    return all === none ? [await this.#handlers.call(topic, payload)] : all as unknown[];
  }

  serve(topic: string, handler: LinkHandler): void {
    this.#handlers.serve(topic, handler, this);
  }

  scope(): IsolateLink {
    return scoped(this, this.#handlers);
  }
}

/** A view of `link` that serves its topics in `handlers` as an owner of its own. */
function scoped(link: IsolateLink, handlers: Handlers): IsolateLink {
  const view: IsolateLink = {
    role: link.role,
    request: (topic, payload) => link.request(topic, payload),
    gather: (topic, payload) => link.gather(topic, payload),
    serve: (topic, handler) => handlers.serve(topic, handler, view),
    scope: () => link.scope(),
  };
  return view;
}
