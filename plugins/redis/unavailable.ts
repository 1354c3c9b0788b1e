/**
 * Why Redis cannot take commands right now, from the connection's health: cache calls made while
 * the connection is not up fail at once with this text, naming Redis and its address.
 *
 * @module
 */

import type { ConnectionHealth } from "../../plugin.ts";

/** `redis unavailable (<address>): <why>`, or `undefined` while the connection is up. */
export function unavailable(health: ConnectionHealth): string | undefined {
  if (health.state === "up") return undefined;
  const why = health.state === "closed" ? "connection closed" : health.lastError ?? health.state;
  return `redis unavailable (${health.address}): ${why}`;
}
