/**
 * NATS message headers ↔ Stratos request and reply headers.
 *
 * @module
 */

import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";

/**
 * The headers of an inbound message as request headers: names lower-cased, repeated values
 * joined by `,` (as for HTTP). `undefined` when the message has none.
 */
export function requestHeaders(headers: MsgHdrs | undefined): Map<string, string> | undefined {
  if (!headers) return undefined;
  const out = new Map<string, string>();
  for (const [name, values] of headers) {
    if (values.length === 0) continue;
    const key = name.toLowerCase();
    const joined = values.join(",");
    const previous = out.get(key);
    out.set(key, previous === undefined ? joined : `${previous},${joined}`);
  }
  return out.size === 0 ? undefined : out;
}

/** Reply headers as NATS headers; `undefined` when there are none (a plain NATS message). */
export function replyHeaders(headers: Readonly<Record<string, string>>): MsgHdrs | undefined {
  const entries = Object.entries(headers);
  if (entries.length === 0) return undefined;
  const out = natsHeaders();
  for (const [name, value] of entries) out.set(name, value);
  return out;
}
