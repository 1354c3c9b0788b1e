/**
 * The request a sequence runs on (Atmo's `CoordinatedRequest`): what every
 * Runnable of a handler can read and change through the request capability.
 *
 * @module
 */

import { newRequestId } from "../observe/request_id.ts";
import type { RequestTrace } from "../observe/trace.ts";

/** Fields used to create a {@link CoordinatedRequest}. */
export interface RequestInit {
  /** HTTP method, or `STREAM` / `SCHED` for messages and schedules. */
  method: string;
  /** Path plus `?query` (Go's `RequestURI()`), or the topic / schedule name. */
  url: string;
  /** Request id (an incoming `X-Request-Id`, or UUID-shaped). @default a new id */
  id?: string;
  /** Body bytes. */
  body?: Uint8Array;
  /**
   * Request headers. A `Headers` object is copied lazily on first use (keys lower-cased).
   */
  headers?: Headers | Map<string, string>;
  /** Router params (`:name` and `*name`). */
  params?: Record<string, string>;
  /** Initial state (schedules, headless `X-Atmo-State`). */
  state?: Map<string, Uint8Array>;
}

const EMPTY = new Uint8Array(0);

/** The mutable request of one handler invocation. */
export class CoordinatedRequest {
  /** HTTP method (or `STREAM`, `SCHED`). */
  method: string;
  /** Path and query, or topic / schedule name. */
  url: string;
  /** Current body (Runnables may replace it). */
  body: Uint8Array;
  /** Router params. */
  params: Record<string, string>;
  /** Handler state: step results and values Runnables set. */
  state: Map<string, Uint8Array>;
  /** Response headers collected from the Runnables of successful steps. */
  readonly respHeaders: Map<string, string> = new Map();
  /** Time limit of the whole handler in milliseconds, if its source sets one. */
  timeoutMs: number | undefined;
  /** When Runnables must stop (`performance.now()` clock), set when the steps start. */
  deadline: number | undefined;
  /**
   * Its trace while something listens (tracing on, the console open): steps and host calls
   * record their spans in it. Undefined otherwise, which is all the recording costs then.
   */
  trace: RequestTrace | undefined = undefined;
  #headers: Map<string, string> | undefined;
  #rawHeaders: Headers | undefined;
  #json: { body: Uint8Array; value: unknown } | undefined;
  #query: { url: string; params: URLSearchParams } | undefined;
  #id: string | undefined;

  /** @param init initial fields */
  constructor(init: RequestInit) {
    this.method = init.method;
    this.url = init.url;
    this.#id = init.id;
    this.body = init.body ?? EMPTY;
    this.params = init.params ?? {};
    this.state = init.state ?? new Map();
    if (init.headers instanceof Headers) this.#rawHeaders = init.headers;
    else this.#headers = init.headers ?? new Map();
  }

  /** Request id: the one given, or a new one made on first use (streams rarely need one). */
  get id(): string {
    return this.#id ??= newRequestId();
  }

  /**
   * The header `name` (give it lower-cased, as Atmo looks headers up), without copying the
   * headers until a Runnable changes one.
   */
  header(name: string): string | undefined {
    if (this.#headers === undefined) return this.#rawHeaders!.get(name) ?? undefined;
    return this.#headers.get(name);
  }

  /**
   * What every log line about this request carries: its id, and its trace id when traced.
   */
  logFields(): { request_id: string; trace_id?: string } {
    const trace = this.trace;
    return trace === undefined
      ? { request_id: this.id }
      : { request_id: this.id, trace_id: trace.traceId };
  }

  /** Request headers, keys lower-cased on creation (`request_set_field` keeps the caller's case). */
  get headers(): Map<string, string> {
    if (this.#headers === undefined) {
      // Names come lower-cased. Repeated headers arrive joined by ", " (Atmo kept only the first
      // value; a single value may itself contain ", ", so Stratos keeps the joined value).
      this.#headers = new Map(this.#rawHeaders!);
    }
    return this.#headers;
  }

  /** The body parsed as JSON (cached until the body changes); `undefined` if it is not JSON. */
  bodyJSON(): unknown {
    if (this.#json === undefined || this.#json.body !== this.body) {
      let value: unknown;
      try {
        value = this.body.length === 0
          ? undefined
          : JSON.parse(new TextDecoder().decode(this.body));
      } catch {
        value = undefined;
      }
      this.#json = { body: this.body, value };
    }
    return this.#json.value;
  }

  /** The value of query parameter `key` (first value), or "". */
  queryParam(key: string): string {
    const q = this.url.indexOf("?");
    if (q === -1) return "";
    if (this.#query?.url !== this.url) {
      this.#query = { url: this.url, params: new URLSearchParams(this.url.slice(q + 1)) };
    }
    return this.#query.params.get(key) ?? "";
  }
}
