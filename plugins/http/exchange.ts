/**
 * One request as the server sees it, from arrival to answer: its id (the client's `X-Request-Id`
 * when it is fit to keep, else a new one), which every response carries back; when it arrived;
 * the handler that ran it and what that reported; and the access log line written once it is
 * answered (at `info`, a 5xx at `error`).
 *
 * @module
 */

import {
  type CoordinatedRequest,
  type Logger,
  parseTraceparent,
  REQUEST_ID_HEADER,
  requestIdFrom,
  TRACEPARENT_HEADER,
  type Work,
} from "../../plugin.ts";
import { requestTarget } from "./read_request.ts";

/** What the server knows of one request while answering it. */
export class Exchange {
  /** The request id, echoed in `X-Request-Id`. */
  readonly id: string;
  /** When it arrived (`performance.now()`). */
  readonly arrived: number = performance.now();
  /** The handler's {@link Work}, once routed to one. */
  work: Work | undefined = undefined;
  /** When the handler's run started for its metrics (0: not timed). */
  started = 0;
  /** The request the steps ran on, once its body was read. */
  request: CoordinatedRequest | undefined = undefined;
  /** Why the steps failed, if they did. */
  error: { code: number; message: string } | undefined = undefined;
  /** Whether the response was built with the `X-Request-Id` header already. */
  identified = false;

  /** @param raw the incoming request */
  constructor(readonly raw: Request) {
    this.id = requestIdFrom(raw.headers.get(REQUEST_ID_HEADER));
  }

  /**
   * Finishes the exchange with `response`: it gets the `X-Request-Id` header, the handler counts
   * (and traces) its status. Returns the response.
   */
  answer(response: Response): Response {
    // A WebSocket upgrade must go back untouched (Deno refuses a changed one).
    if (!this.identified && response.status !== 101) {
      response.headers.set(REQUEST_ID_HEADER, this.id);
    }
    this.work?.end(this.request, this.started, response.status, this.error?.message);
    return response;
  }

  /**
   * The trace id for logs: the request's trace's, else the incoming `traceparent`'s (not after a
   * WebSocket upgrade, whose request Deno lets no one read again).
   */
  traceId(status: number): string | undefined {
    const traced = this.request?.trace?.traceId;
    if (traced !== undefined || status === 101) return traced;
    return parseTraceparent(this.raw.headers.get(TRACEPARENT_HEADER))?.traceId;
  }

  /** Writes the access log line for `status`: at `info`, a 5xx at `error`. */
  log(log: Logger, status: number): void {
    const level = status >= 500 ? "error" : "info";
    if (!log.enabled(level)) return;
    const fields: Record<string, unknown> = {
      method: this.raw.method,
      path: requestTarget(this.raw.url).path,
      status,
      duration_ms: Math.round((performance.now() - this.arrived) * 1000) / 1000,
      request_id: this.id,
    };
    const traceId = this.traceId(status);
    if (traceId !== undefined) fields.trace_id = traceId;
    if (this.error !== undefined) fields.error = this.error;
    log[level]("request", fields);
  }
}
