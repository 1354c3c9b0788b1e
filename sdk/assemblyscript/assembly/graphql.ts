// GraphQL queries (`graphql_query`): POST {"query": ...} to an endpoint.

import { graphql_query } from "./env";
import { ffiResult, ident, len, ptr, Result, utf8 } from "./ffi";

/**
 * Runs `query` against `endpoint`; the result is the response JSON (`{"data":...}`). HTTP
 * statuses above 299 and non-empty `errors` are reported as errors.
 */
export function query(endpoint: string, query: string): Result {
  const e = utf8(endpoint);
  const q = utf8(query);
  return ffiResult(graphql_query(ptr(e), len(e), ptr(q), len(q), ident()));
}
