/**
 * Reading and writing request fields by the type number the guest passes: Meta 0, Body 1, Header 2,
 * Params 3, State 4, Query 5.
 *
 * @module
 */

import type { HostCall } from "../../plugin.ts";
import { goJson } from "../lib/go_json/mod.ts";

/** Field type wire values. */
export const FieldType = { Meta: 0, Body: 1, Header: 2, Params: 3, State: 4, Query: 5 } as const;

/** A field lookup failed; the message goes back to the guest. */
export class FieldError extends Error {}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Reads field `key` of type `type`; a missing key reads as empty. */
export function getField(call: HostCall, type: number, key: string): Uint8Array | string {
  const req = call.request;
  switch (type) {
    case FieldType.Meta:
      switch (key) {
        case "method":
          return req.method;
        case "url":
          return req.url;
        case "id":
          return req.id;
        case "body":
          return req.body;
        default:
          return EMPTY;
      }
    case FieldType.Body:
      return bodyField(call, key);
    case FieldType.Header:
      return req.header(key.toLowerCase()) ?? EMPTY;
    case FieldType.Params:
      return req.params[key] ?? EMPTY;
    case FieldType.State:
      return call.state.get(key) ?? EMPTY;
    case FieldType.Query:
      return req.queryParam(key);
    default:
      throw new FieldError("invalid field type");
  }
}

/** Writes field `key` of type `type`. */
export function setField(call: HostCall, type: number, key: string, value: Uint8Array): void {
  const req = call.request;
  const text = () => new TextDecoder().decode(value);
  switch (type) {
    case FieldType.Meta:
      if (key === "method") req.method = text();
      else if (key === "url") req.url = text();
      else if (key === "body") req.body = value;
      return;
    case FieldType.Body:
      setBodyField(call, key, text());
      return;
    case FieldType.Header:
      req.headers.set(key, text());
      return;
    case FieldType.Params:
      req.params[key] = text();
      return;
    case FieldType.State:
      call.state.set(key, value);
      return;
    default:
      throw new FieldError("invalid field type");
  }
}

function bodyObject(call: HostCall): Record<string, unknown> | undefined {
  if (call.request.body.length === 0) return undefined;
  const value = call.request.bodyJSON();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FieldError("failed to Unmarshal request body: body is not a JSON object");
  }
  return value as Record<string, unknown>;
}

function bodyField(call: HostCall, key: string): Uint8Array | string {
  const value = bodyObject(call)?.[key];
  if (value === undefined) return EMPTY;
  if (typeof value !== "string") throw new FieldError(`request body value ${key} is not a string`);
  return value;
}

function setBodyField(call: HostCall, key: string, value: string): void {
  const body = bodyObject(call);
  if (body === undefined) return; // Atmo: no-op on an empty body
  // Atmo re-encoded the body with Go's json.Marshal: sorted keys, HTML-safe escapes.
  call.request.body = encoder.encode(goJson({ ...body, [key]: value }));
}
