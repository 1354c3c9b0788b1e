/**
 * The outbound HTTP client behind `fetch_url` and `graphql_query`: rules, pinned connections,
 * auth injection and redirects, hop by hop, within the call's limits.
 *
 * For every hop (the first request and each redirect): the rules are checked on the URL and on
 * the addresses its host resolves to ({@link checkHop}); the connection goes to one of those
 * addresses ({@link nodeTransport}); the `Authorization` header is added only when that hop's host
 * is a configured domain. Redirects are followed by the client itself, as Go's client would
 * (301/302/303 turn into GET without a body, 307/308 keep both; at most `maxRedirects`), so a
 * redirect can neither escape the rules nor carry a secret to another host. Headers the Runnable
 * set that carry credentials (`Authorization`, `Cookie`, ...) are dropped once a redirect leaves
 * the original host, as Go does; user info in a URL becomes `Basic` credentials when nothing else
 * sets `Authorization` (Go again). Every body and error text returned is redacted
 * ({@link Redactor}).
 *
 * @module
 */

import type { HTTPRules, TraceSpan } from "../../../plugin.ts";
import { type AuthConfig, authorizationFor, authSecrets } from "./auth.ts";
import { DEFAULT_OUTBOUND_LIMITS, type OutboundLimits } from "./limits.ts";
import { Redactor } from "./redact.ts";
import { type Resolver, systemResolver } from "./resolver.ts";
import { checkHop, ResolveError, RuleViolation } from "./rules.ts";
import type { OutboundRequest, OutboundResponse } from "./message.ts";
import { tracedSend } from "./traced_send.ts";
import {
  BodyTooLargeError,
  HeaderError,
  type Hop,
  type HopResponse,
  nodeTransport,
  type Transport,
} from "./transport.ts";

/**
 * A failed call; the message is meant for the Runnable (the client redacts the ones it makes).
 * `logLevel` tells how loudly the host logs it: `warn` for refusals and failures, `debug` for
 * answers the upstream gave (a status above 299, GraphQL errors).
 */
export class OutboundError extends Error {
  /**
   * @param message the text the Runnable gets
   * @param logLevel the level the host logs it at
   */
  constructor(message: string, readonly logLevel: "warn" | "debug" = "warn") {
    super(message);
    this.name = "OutboundError";
  }
}

/** What an {@link OutboundClient} works with. */
export interface OutboundClientOptions {
  /** The capability's rules. */
  rules: HTTPRules;
  /** The auth configuration (`capabilities.auth`). */
  auth: AuthConfig;
  /** Name resolution. @default systemResolver */
  resolver?: Resolver;
  /** How hops are sent. @default nodeTransport */
  transport?: Transport;
  /** Bounds of one call. @default DEFAULT_OUTBOUND_LIMITS */
  limits?: Partial<OutboundLimits>;
  /** Cancels every call in flight when aborted (the runtime stopping). */
  signal?: AbortSignal;
  /** PEM certificates trusted in addition to the default roots. */
  caCerts?: string[];
  /** What its calls are called in traces (the host function). @default "outbound" */
  name?: string;
}

/** User agent sent when the Runnable sets none. */
export const DEFAULT_USER_AGENT = "Stratos";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIALS = new Set(["authorization", "www-authenticate", "cookie", "cookie2"]);

/** `Basic` credentials from a URL's user info, as Go's client sends them. */
export function basicAuthorization(url: URL): string {
  const raw = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(raw)))}`;
}

/** Go's `url.Error` operation name for a method (`Get`, `Post`, ...). */
export function operation(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

/** Sends requests for one capability under its rules. */
export class OutboundClient {
  /** Removes the configured secrets from text given to Runnables or logs. */
  readonly redactor: Redactor;
  readonly #options: OutboundClientOptions;
  readonly #limits: OutboundLimits;
  readonly #resolver: Resolver;
  readonly #transport: Transport;

  /** @param options rules, auth and the optional seams */
  constructor(options: OutboundClientOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_OUTBOUND_LIMITS, ...options.limits };
    this.#resolver = options.resolver ?? systemResolver;
    this.#transport = options.transport ?? nodeTransport;
    this.redactor = new Redactor(authSecrets(options.auth));
  }

  /**
   * Sends `request`, following redirects; under `trace` (the calling step's span, when the
   * request is traced) as a span of its own whose `traceparent` the request carries.
   * @throws {OutboundError} when a rule refuses a hop, or the request fails
   */
  send(request: OutboundRequest, trace?: TraceSpan): Promise<OutboundResponse> {
    if (!trace) return this.#send(request);
    return tracedSend(trace, this.#options.name ?? "outbound", request, (r) => this.#send(r));
  }

  async #send(request: OutboundRequest): Promise<OutboundResponse> {
    const signals = [AbortSignal.timeout(this.#limits.timeoutMs)];
    if (this.#options.signal) signals.push(this.#options.signal);
    const signal = AbortSignal.any(signals);
    let hop = request;
    for (let redirects = 0;; redirects++) {
      const response = await this.#attempt(hop, signal, () => this.#hop(hop, signal));
      let next: OutboundRequest | undefined;
      try {
        next = this.#redirect(request, hop, response.status, response.location);
      } catch (error) {
        response.discard();
        throw error;
      }
      if (!next) {
        const body = await this.#attempt(hop, signal, () => response.read());
        return { status: response.status, body: this.redactor.bytes(body) };
      }
      response.discard();
      if (redirects >= this.#limits.maxRedirects) {
        throw this.#error(next, `stopped after ${this.#limits.maxRedirects} redirects`);
      }
      hop = next;
    }
  }

  /** Checks the rules for `hop`, adds auth, and sends it. */
  async #hop(hop: OutboundRequest, signal: AbortSignal): Promise<HopResponse> {
    if (hop.url.protocol !== "http:" && hop.url.protocol !== "https:") {
      throw this.#error(hop, `unsupported protocol scheme "${hop.url.protocol.slice(0, -1)}"`);
    }
    const addresses = await checkHop(hop.url, this.#options.rules, this.#resolver, signal);
    const authorization = authorizationFor(hop.url, this.#options.auth);
    const headers = hop.headers.filter(([name]) =>
      authorization === undefined || name.toLowerCase() !== "authorization"
    );
    if (authorization !== undefined) headers.push(["Authorization", authorization]);
    else if (hop.url.username || hop.url.password) {
      const hasOwn = headers.some(([name]) => name.toLowerCase() === "authorization");
      if (!hasOwn) headers.push(["Authorization", basicAuthorization(hop.url)]);
    }
    if (!headers.some(([name]) => name.toLowerCase() === "user-agent")) {
      headers.push(["User-Agent", DEFAULT_USER_AGENT]);
    }
    const sent: Hop = { ...hop, headers, addresses };
    return await this.#transport(sent, {
      signal,
      maxBytes: this.#limits.maxResponseBytes,
      caCerts: this.#options.caCerts,
    });
  }

  /** The next hop for a redirect response, or `undefined` when it is not one to follow. */
  #redirect(
    first: OutboundRequest,
    hop: OutboundRequest,
    status: number,
    location: string | undefined,
  ): OutboundRequest | undefined {
    if (!REDIRECTS.has(status) || !location) return undefined;
    let url: URL;
    try {
      url = new URL(location, hop.url);
    } catch {
      throw this.#error(hop, `failed to parse Location header "${location}"`);
    }
    const keepBody = status === 307 || status === 308;
    const method = keepBody || hop.method === "HEAD" ? hop.method : "GET";
    const sameHost = url.host === first.url.host;
    const headers = hop.headers.filter(([name]) => {
      const lower = name.toLowerCase();
      if (!sameHost && CREDENTIALS.has(lower)) return false;
      return keepBody || lower !== "content-type";
    });
    return { method, url, headers, body: keepBody ? hop.body : new Uint8Array() };
  }

  /** Runs one step of a hop, turning every failure into an {@link OutboundError}. */
  async #attempt<T>(hop: OutboundRequest, signal: AbortSignal, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.#describe(hop, signal, error);
    }
  }

  #describe(hop: OutboundRequest, signal: AbortSignal, error: unknown): OutboundError {
    if (error instanceof OutboundError) return error;
    if (error instanceof RuleViolation) {
      return new OutboundError(this.redactor.text(`failed to requestIsAllowed: ${error.message}`));
    }
    if (signal.aborted) {
      const timedOut = this.#options.signal?.aborted !== true;
      return this.#error(
        hop,
        timedOut
          ? `request timed out after ${this.#limits.timeoutMs / 1000}s`
          : "request cancelled: the runtime is stopping",
      );
    }
    if (error instanceof ResolveError) return this.#error(hop, `dial tcp: ${error.message}`);
    if (error instanceof BodyTooLargeError || error instanceof HeaderError) {
      return this.#error(hop, error.message);
    }
    return this.#error(hop, error instanceof Error ? error.message : String(error));
  }

  /**
   * An error in Go's `url.Error` shape, `Get "https://...": reason`, with a password in the URL
   * shown as `***` (Go's `stripPassword`), and redacted.
   */
  #error(hop: OutboundRequest, reason: string): OutboundError {
    let shown = hop.url;
    if (shown.password) {
      shown = new URL(shown);
      shown.password = "***";
    }
    return new OutboundError(this.redactor.text(`${operation(hop.method)} "${shown}": ${reason}`));
  }
}
