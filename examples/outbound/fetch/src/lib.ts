// Outbound requests from a Runnable. Input: JSON {"url": "...", "query": "..."}. Without a query,
// GETs the URL (headers may follow as `url::Name:value`); with one, runs the GraphQL query against
// the URL. Any auth header is added by the host for the domains the Directive configures: this
// code never sees a secret. Host errors (a rule refusing the URL, a status above 299, GraphQL
// errors) are returned as 502 with the host's text.
import { graphql, http, Output, request } from "../../../../sdk/assemblyscript/assembly";

/** Fetches `url`, or queries it when `query` is given. */
export function run(_input: ArrayBuffer): Output {
  const url = request.bodyField("url");
  const query = request.bodyField("query");
  const result = query.length > 0 ? graphql.query(url, query) : http.get(url);
  return Output.from(result, 502);
}
