/**
 * Request and stream handlers (`handlers:`): Atmo's checks, a Stratos `timeout` and `delivery`,
 * and the typed handlers.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import { checkDelivery } from "./delivery.ts";
import type { RawHandler } from "./schema.ts";
import { checkSteps, isGroupStep, type RunnableFinder } from "./steps.ts";
import type { Connections, Handler } from "./types.ts";

/** What handlers are checked against. */
export interface HandlerEnvironment {
  /** The configured connections (a `nats` or `kafka` source needs its connection). */
  connections: Connections | undefined;
  /** Resolves a step's fn. */
  find: RunnableFinder;
  /**
   * Whether a plugin provides the stream source `source` (one other than Atmo's `nats` and
   * `kafka`, which need their connection instead); without it, no other source exists.
   */
  providedSource?(source: string): boolean;
}

/** Checks every handler; returns the typed ones. */
export function checkHandlers(
  handlers: (RawHandler | undefined)[] | undefined,
  environment: HandlerEnvironment,
  context: CheckContext,
): Handler[] {
  const typed: Handler[] = [];
  for (const [i, handler] of (handlers ?? []).entries()) {
    const checked = handler && checkHandler(handler, i, environment, context);
    if (checked) typed.push(checked);
  }
  return typed;
}

function checkHandler(
  handler: RawHandler,
  i: number,
  environment: HandlerEnvironment,
  context: CheckContext,
): Handler | undefined {
  const path = ["handlers", i];
  const { type = "", resource = "", method = "", source = "", respondTo = "" } = handler;
  if (type !== "request" && type !== "stream") {
    context.error(
      [...path, "type"],
      `handler for resource ${resource} has invalid type, must be 'request' or 'stream'`,
    );
  }
  if (!resource) context.error([...path, "resource"], `handler at position ${i} missing resource`);
  const needsSlash = type === "request" || (type === "stream" && (!source || source === "server"));
  if (needsSlash && !resource.startsWith("/")) {
    context.error(
      [...path, "resource"],
      `handler resource must begin with leading slash '/': ${resource}`,
    );
  }
  if (type === "request") {
    const problem = `handler for resource ${resource} has type 'request', but`;
    if (!method) context.error([...path, "method"], `${problem} does not specify a method`);
    if (respondTo) {
      context.error(
        [...path, "respondTo"],
        `${problem} defines a 'respondTo' field, which only valid for type 'stream'`,
      );
    }
  } else if (type === "stream" && source && source !== "server") {
    const atmo = source === "nats" || source === "kafka";
    const exists = atmo
      ? environment.connections?.[source] !== undefined
      : environment.providedSource?.(source) === true;
    if (!exists) {
      context.error(
        [...path, "source"],
        `handler for resource ${resource} references source ${source} that ${
          atmo ? "is not configured" : "does not exist"
        }`,
      );
    }
  }
  const { timeout } = handler;
  if (timeout !== undefined && !(timeout > 0)) {
    context.error(
      [...path, "timeout"],
      `handler for resource ${resource} has timeout ${timeout}, but it must be a positive number of seconds`,
    );
  }
  const delivery = handler.delivery &&
    checkDelivery(handler.delivery, { type, source, resource, path }, context);
  const steps = handler.steps ?? [];
  if (steps.length === 0) {
    context.error([...path, "steps"], `handler for resource ${resource} missing steps`);
    return undefined;
  }
  const name = `${method} ${resource}`;
  const state = new Set<string>();
  const typedSteps = checkSteps(
    steps,
    { kind: "handler", name, path },
    state,
    environment.find,
    context,
  );
  const { response = "" } = handler;
  const last = steps[steps.length - 1];
  if (!response && last && isGroupStep(last)) {
    context.error(
      path,
      `handler for ${name} has group as last step but does not include 'response' field`,
    );
  } else if (response && !state.has(response)) {
    context.error(
      [...path, "response"],
      `handler for ${name} lists response state key that does not exist: ${response}`,
    );
  }
  const typed: Handler = { type: type as Handler["type"], resource, steps: typedSteps };
  if (source) typed.source = source;
  if (method) typed.method = method;
  if (response) typed.response = response;
  if (respondTo) typed.respondTo = respondTo;
  if (timeout !== undefined) typed.timeout = timeout;
  if (delivery) typed.delivery = delivery;
  return typed;
}
