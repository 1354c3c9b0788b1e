/**
 * Grav message envelopes, for interop with Atmo peers: Atmo wrapped every
 * message it published as `{"meta":{"uuid","parent_id","response_to","msg_type","timestamp"},
 * "payload":{"data":"<base64>"}}`. Stratos publishes raw payloads and unwraps such envelopes on
 * the way in.
 *
 * @module
 */

import { decodeBase64 } from "./base64.ts";

/** The payload of `data` if it is a Grav envelope, otherwise `data` itself. */
export function unwrapEnvelope(data: Uint8Array): Uint8Array {
  // Cheap test first: an envelope is a JSON object that mentions "meta" and "payload".
  if (data.length < 20 || data[0] !== 0x7b /* { */) return data;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return data;
  }
  if (typeof value !== "object" || value === null) return data;
  const { meta, payload } = value as { meta?: unknown; payload?: unknown };
  if (
    typeof meta !== "object" || meta === null || typeof payload !== "object" || payload === null
  ) {
    return data;
  }
  const { uuid, msg_type } = meta as { uuid?: unknown; msg_type?: unknown };
  const encoded = (payload as { data?: unknown }).data;
  if (typeof uuid !== "string" || typeof msg_type !== "string") return data;
  if (encoded === undefined || encoded === null) return new Uint8Array(0);
  if (typeof encoded !== "string") return data;
  return decodeBase64(encoded) ?? data;
}
