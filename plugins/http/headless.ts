/**
 * Headless mode: every Runnable at `POST /<identifier>/<namespace>/<name>/
 * <appVersion>`, with state and params passed as JSON in `X-Atmo-State` / `X-Suborbital-State`
 * and `X-Atmo-Params` / `X-Suborbital-Params`, and the request id echoed in
 * `X-Atmo-Requestid` / `X-Suborbital-Requestid`.
 *
 * @module
 */

import type { CoordinatedRequest } from "../../mod.ts";

/** A header value that is not a JSON object of strings. */
export class HeadlessHeaderError extends Error {}

const encoder = new TextEncoder();

/** Merges the state and params headers of `request` into `coordinated`. */
export function applyHeadlessHeaders(request: Request, coordinated: CoordinatedRequest): void {
  for (const name of ["x-atmo-state", "x-suborbital-state"]) {
    const values = parseHeader(request.headers, name);
    for (const [k, v] of Object.entries(values)) coordinated.state.set(k, encoder.encode(v));
  }
  for (const name of ["x-atmo-params", "x-suborbital-params"]) {
    Object.assign(coordinated.params, parseHeader(request.headers, name));
  }
}

/** Response headers carrying the request id. */
export function headlessResponseHeaders(id: string): Record<string, string> {
  return { "X-Atmo-Requestid": id, "X-Suborbital-Requestid": id };
}

function parseHeader(headers: Headers, name: string): Record<string, string> {
  const raw = headers.get(name);
  if (raw === null || raw === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new HeadlessHeaderError(`header ${name} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HeadlessHeaderError(`header ${name} must be a JSON object`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") {
      throw new HeadlessHeaderError(`header ${name}: value of ${k} is not a string`);
    }
    out[k] = v;
  }
  return out;
}
