/**
 * What `graphql_query` makes of an endpoint's answer, as Atmo (Reactr `rcap/graphql.go`) did:
 *
 * - a status above 299 → error `non-200 HTTP response code; <body>` (checked before the body is
 *   parsed: Atmo parsed first, so a non-JSON error page gave a JSON error instead);
 * - a body that is not a JSON object, or whose `data` is not an object → `failed to Unmarshal
 *   response: ...`;
 * - a non-empty `errors` → error `graphQL error; path: <path>, message: <message>` for the first
 *   one. The standard `path` is a list (`["hero", "friends", 0]`) and is written joined with
 *   `.` (`hero.friends.0`); Atmo declared it a string and failed to parse such answers;
 * - otherwise the result `{"data":...}`, encoded as Go would (keys sorted, HTML-safe escapes); an
 *   empty `errors` is left out.
 *
 * @module
 */

import { OutboundError, type Redactor } from "../lib/outbound/mod.ts";
import { goJson } from "../lib/go_json/mod.ts";

const decoder = new TextDecoder();

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

function unmarshalError(detail: string): OutboundError {
  return new OutboundError(`failed to Unmarshal response: ${detail}`);
}

/** A GraphQL error's `path` as text. */
export function renderPath(path: unknown): string {
  if (Array.isArray(path)) return path.join(".");
  return typeof path === "string" ? path : "";
}

/**
 * The `graphql_query` result for a response, with strings of the data redacted by `redactor`.
 * @throws {OutboundError} for the error cases above
 */
export function graphqlResult(status: number, body: Uint8Array, redactor: Redactor): string {
  const text = decoder.decode(body);
  if (status > 299) throw new OutboundError(`non-200 HTTP response code; ${text}`, "debug");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unmarshalError((error as Error).message);
  }
  if (kind(parsed) !== "object") {
    throw unmarshalError(`cannot unmarshal ${kind(parsed)} into a GraphQL response`);
  }
  const { data = null, errors } = parsed as { data?: unknown; errors?: unknown };
  if (kind(data) !== "object" && data !== null) {
    throw unmarshalError(`cannot unmarshal ${kind(data)} into the field data`);
  }
  if (Array.isArray(errors) && errors.length > 0) {
    const first = kind(errors[0]) === "object" ? errors[0] : {};
    const message = typeof first.message === "string" ? first.message : "";
    throw new OutboundError(
      `graphQL error; path: ${renderPath(first.path)}, message: ${message}`,
      "debug",
    );
  }
  return goJson({ data: redactor.json(data) });
}
