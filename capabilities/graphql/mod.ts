/**
 * The GraphQL capability: `graphql_query(endpoint, endpointSize, query, querySize)` → FFI size
 * under `capabilities.graphql` (`enabled`, `rules`) with the auth headers of `capabilities.auth`,
 * through the shared outbound client of `capabilities/lib/outbound` (the same rules, pinned
 * connections, redirects and redaction as `fetch_url`).
 *
 * The request is Atmo's: `POST` of `{"query":"..."}` (no variables, no operation name) with
 * `Content-Type: application/json`. The answer is read by {@link graphqlResult}. It is sent with
 * the outbound client rather than a GraphQL client library (`graphql-request`) because that
 * library would bring its own fetch (no pinning, no per-hop rules) and its own error texts, and
 * Atmo's protocol is one POST.
 *
 * @module
 */

import {
  type CapabilityConfig,
  defineHostFunction,
  definePlugin,
  type HostFunction,
} from "../../plugin.ts";
// Outbound HTTP pulls in Node's http/https/dns modules: imported only by the capabilities that
// use it, never by mod.ts, so apps without outbound calls do not pay for it at start-up.
import { type OutboundClient, OutboundError, pluginClient, respond } from "../lib/outbound/mod.ts";
import { goJson } from "../lib/go_json/mod.ts";
import { graphqlResult } from "./graphql_response.ts";

export { graphqlResult, renderPath } from "./graphql_response.ts";

const encoder = new TextEncoder();

/** The body Atmo posts for `query`. */
export function graphqlRequestBody(query: string): Uint8Array {
  return encoder.encode(goJson({ query }));
}

/** `graphql_query` sending through `client`; `config` is `capabilities.graphql`. */
export function graphqlQuery(
  config: CapabilityConfig["graphql"],
  client: OutboundClient,
): HostFunction {
  return defineHostFunction({
    name: "graphql_query",
    params: 4,
    returns: true,
    ffi: true,
    async: true,
    call(call, endpointPtr, endpointSize, queryPtr, querySize) {
      const endpoint = call.memory.readString(endpointPtr, endpointSize, "graphql_query");
      const query = call.memory.readString(queryPtr, querySize, "graphql_query");
      return respond(call, "graphql_query", client.redactor, async () => {
        if (!config.enabled) throw new OutboundError("capability is not enabled");
        let url: URL;
        try {
          url = new URL(endpoint);
        } catch {
          throw new OutboundError(`failed to Parse endpoint: parse "${endpoint}": invalid URL`);
        }
        const response = await client.send({
          method: "POST",
          url,
          headers: [["Content-Type", "application/json"]],
          body: graphqlRequestBody(query),
        }, call.trace);
        return graphqlResult(response.status, response.body, client.redactor);
      });
    },
  });
}

export default definePlugin({
  name: "graphql",
  setup(ctx) {
    const { client, hooks } = pluginClient(ctx, "graphql_query", ctx.capabilities.graphql.rules);
    ctx.registerHostFunction(graphqlQuery(ctx.capabilities.graphql, client));
    return hooks;
  },
});
