/**
 * The HTTP capability: `fetch_url(method, url, urlSize, body, bodySize)` → FFI size under
 * `capabilities.http` (`enabled`, `rules`) with the auth headers of `capabilities.auth`. Rules,
 * pinned connections, redirects, auth and redaction live in the shared outbound library
 * (`capabilities/lib/outbound`), which `graphql_query` uses too.
 *
 * Results: the response body for a status up to 299; otherwise the error `"<status>: <body>"`;
 * `-2` (no FFI result) for an invalid method or a malformed header segment; the error
 * `capability is not enabled` when `capabilities.http.enabled` is false.
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
import { decodeUrl, methodName, withDefaultContentType } from "./fetch_request.ts";

export * from "./fetch_request.ts";

const decoder = new TextDecoder();

/** `fetch_url` sending through `client`; `config` is `capabilities.http`. */
export function fetchUrl(config: CapabilityConfig["http"], client: OutboundClient): HostFunction {
  return defineHostFunction({
    name: "fetch_url",
    params: 5,
    returns: true,
    ffi: true,
    async: true,
    call(call, method, urlPtr, urlSize, bodyPtr, bodySize) {
      const name = methodName(method);
      if (name === undefined) return -2;
      const decoded = decodeUrl(call.memory.readString(urlPtr, urlSize, "fetch_url"));
      if (decoded === undefined) return -2;
      const body = call.memory.read(bodyPtr, bodySize, "fetch_url");
      return respond(call, "fetch_url", client.redactor, async () => {
        if (!config.enabled) throw new OutboundError("capability is not enabled");
        let url: URL;
        try {
          url = new URL(decoded.url);
        } catch {
          throw new OutboundError(`failed to url.Parse: parse "${decoded.url}": invalid URL`);
        }
        const headers = withDefaultContentType(decoded.headers, body);
        const response = await client.send({ method: name, url, headers, body }, call.trace);
        if (response.status > 299) {
          throw new OutboundError(`${response.status}: ${decoder.decode(response.body)}`, "debug");
        }
        return response.body;
      });
    },
  });
}

export default definePlugin({
  name: "http-client",
  setup(ctx) {
    const { client, hooks } = pluginClient(ctx, "fetch_url", ctx.capabilities.http.rules);
    ctx.registerHostFunction(fetchUrl(ctx.capabilities.http, client));
    return hooks;
  },
});
