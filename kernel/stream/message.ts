/**
 * Running a stream handler's steps for one message, whatever the source (NATS, Kafka,
 * WebSocket): the payload is the body (a Grav envelope is unwrapped), message headers become
 * request headers, the method is `STREAM` and the URL the handler's resource. The reply is the
 * result bytes, or on failure the error JSON `{"status":N,"message":"..."}` with the header
 * {@link ERROR_HEADER} so consumers can tell errors from results. Each message is counted by
 * source and handler, and traced while something listens: its trace context comes from its
 * `traceparent` header, and the reply carries the message's own on to `respondTo`.
 *
 * @module
 */

import type { Handler } from "../directive/types.ts";
import type { Work } from "../observe/telemetry.ts";
import { TRACEPARENT_HEADER } from "../observe/traceparent.ts";
import type { PluginContext } from "../plugins/types.ts";
import { failure, type SequenceOutcome } from "../request/outcome.ts";
import { CoordinatedRequest } from "../request/request.ts";
import { unwrapEnvelope } from "./envelope.ts";

/** Header set on replies that carry an error; its value is the status code. */
export const ERROR_HEADER = "Stratos-Error";

/** An inbound message. */
export interface StreamMessage {
  /** Payload bytes. */
  data: Uint8Array;
  /** Message headers (names lower-cased), if the transport has them. */
  headers?: Map<string, string>;
  /** Request method seen by Runnables. @default "STREAM" */
  method?: string;
  /** Request URL seen by Runnables. @default the handler's resource */
  url?: string;
}

/** What to publish back. */
export interface StreamReply {
  /** Result bytes, or the error JSON. */
  data: Uint8Array;
  /** Headers to publish: {@link ERROR_HEADER} and `Content-Type` on errors. */
  headers: Record<string, string>;
  /** Whether the steps failed. */
  failed: boolean;
  /** The sequence's outcome. */
  outcome: SequenceOutcome;
}

/** The metrics and traces of each stream handler. */
const works = new WeakMap<Handler, Work>();

function workOf(ctx: PluginContext, handler: Handler): Work {
  let work = works.get(handler);
  if (!work) {
    const source = handler.source || "server";
    work = ctx.telemetry.work("stream", `${source} ${handler.resource}`, {
      source,
      handler: handler.resource,
    }, { "messaging.system": source, "messaging.destination.name": handler.resource });
    works.set(handler, work);
  }
  return work;
}

/** Runs `handler`'s steps for `message` and builds the reply; failures are logged. */
export async function runStreamMessage(
  ctx: PluginContext,
  handler: Handler,
  message: StreamMessage,
): Promise<StreamReply> {
  const request = new CoordinatedRequest({
    method: message.method ?? "STREAM",
    url: message.url ?? handler.resource,
    body: unwrapEnvelope(message.data),
    headers: message.headers,
  });
  if (handler.timeout !== undefined) request.timeoutMs = handler.timeout * 1000;
  const outcome = await workOf(ctx, handler).run(
    request,
    message.headers,
    () => ctx.execute(handler.steps, request, handler.response),
  );
  const traced: Record<string, string> = request.trace
    ? { [TRACEPARENT_HEADER]: request.trace.root.traceparent }
    : {};
  if (!outcome.failed) return { data: outcome.body, headers: traced, failed: false, outcome };
  ctx.log.warn("stream message failed", {
    resource: handler.resource,
    ...request.logFields(),
    status: outcome.status,
    error: outcome.error,
  });
  return errorReply(outcome, traced);
}

/**
 * The reply for a failed outcome: the error JSON with {@link ERROR_HEADER}, after `traced` (the
 * message's trace context, if any).
 */
function errorReply(outcome: SequenceOutcome, traced: Record<string, string> = {}): StreamReply {
  return {
    data: outcome.body,
    headers: {
      ...traced,
      [ERROR_HEADER]: String(outcome.status),
      "Content-Type": "application/json",
    },
    failed: true,
    outcome,
  };
}

/** A failed reply with `status` and `message`, as if the steps had ended so. */
export function failedReply(status: number, message: string): StreamReply {
  return errorReply(failure(status, message));
}

/**
 * The reply when running the steps threw (a bug in Stratos, not a Runnable error): a 500 that
 * counts as a failed delivery.
 */
export function unhandledReply(): StreamReply {
  return failedReply(500, "failed to handle message");
}
