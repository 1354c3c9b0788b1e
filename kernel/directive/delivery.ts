/**
 * A stream handler's `delivery:` block (a Stratos extension): checked at its positions and
 * typed, with the backoff read as a duration.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import type { Path } from "./locations.ts";
import type { RawDelivery } from "./schema.ts";
import type { Delivery } from "./types.ts";

/** Wait before a second attempt when `backoff` is not given, in ms. */
export const DEFAULT_BACKOFF_MS = 1000;

/** The sources a `delivery:` block applies to. */
const SOURCES = new Set(["nats", "kafka"]);

/** A JetStream consumer name: no `.`, `*`, `>`, white space or path separators. */
const DURABLE_NAME = /^[A-Za-z0-9_-]+$/;

/** A NATS subject to publish to (no wildcards, no white space) or a Kafka topic name. */
const TARGET: Readonly<Record<string, { pattern: RegExp; what: string }>> = {
  nats: { pattern: /^[^\s*>]+$/, what: "a NATS subject without wildcards or white space" },
  kafka: { pattern: /^[A-Za-z0-9._-]{1,249}$/, what: "a Kafka topic name ([A-Za-z0-9._-])" },
};

/** What the block belongs to. */
export interface DeliveryOwner {
  /** The handler's `type`. */
  type: string;
  /** Its `source`. */
  source: string;
  /** Its `resource` (subject or topic). */
  resource: string;
  /** Its path in the Directive (`["handlers", i]`). */
  path: Path;
}

/** Checks the block of `owner`, reporting each problem at its value; returns it typed. */
export function checkDelivery(
  raw: RawDelivery,
  owner: DeliveryOwner,
  context: CheckContext,
): Delivery | undefined {
  const { source, resource } = owner;
  const path = [...owner.path, "delivery"];
  const problem = (key: string | undefined, message: string) =>
    context.error(key ? [...path, key] : path, `handler for resource ${resource} ${message}`);
  if (owner.type !== "stream" || !SOURCES.has(source)) {
    problem(undefined, "has a 'delivery' block, which only nats and kafka stream handlers take");
    return undefined;
  }
  const { durable, maxDeliver = 1, backoff, deadLetter } = raw;
  if (source === "nats" && durable === undefined) {
    problem(undefined, "has a 'delivery' block without 'durable': NATS needs a JetStream consumer");
  } else if (source === "nats" && !DURABLE_NAME.test(durable ?? "")) {
    problem(
      "durable",
      `has delivery.durable '${durable}', which is not a consumer name ([A-Za-z0-9_-])`,
    );
  } else if (source === "kafka" && durable !== undefined) {
    context.warn(
      [...path, "durable"],
      `delivery.durable is ignored for kafka handlers: the consumer group keeps the offsets`,
    );
  }
  if (maxDeliver < 1) {
    problem("maxDeliver", `has delivery.maxDeliver ${maxDeliver}, but it must be at least 1`);
  }
  const backoffMs = backoff === undefined ? DEFAULT_BACKOFF_MS : parseDuration(backoff);
  if (backoffMs === undefined) {
    problem(
      "backoff",
      `has delivery.backoff '${backoff}', which is not a duration such as 500ms, 1s or 2m`,
    );
  }
  if (deadLetter !== undefined) {
    const target = TARGET[source];
    if (!target.pattern.test(deadLetter)) {
      problem("deadLetter", `has delivery.deadLetter '${deadLetter}', expected ${target.what}`);
    } else if (deadLetter === resource) {
      problem(
        "deadLetter",
        `has delivery.deadLetter '${deadLetter}', the handler's own ${
          source === "nats" ? "subject" : "topic"
        }`,
      );
    }
  }
  const typed: Delivery = { maxDeliver, backoffMs: backoffMs ?? DEFAULT_BACKOFF_MS };
  if (durable !== undefined && source === "nats") typed.durable = durable;
  if (deadLetter !== undefined) typed.deadLetter = deadLetter;
  return typed;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in ms: a number with a unit (`250ms`, `1s`, `1.5s`, `2m`, `1h`) or a number of
 * seconds; `undefined` when it is none.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNITS[match[2] ?? "s"]);
}
