import { http, Output, request } from "../../../../../sdk/assemblyscript/assembly";

/**
 * GETs the URL in query param `url` with the header `X-Conformance-Client: fetch` and answers
 * the response body; a failed call is error 502 with the host's message.
 */
export function run(_input: ArrayBuffer): Output {
  const headers = new Map<string, string>();
  headers.set("X-Conformance-Client", "fetch");
  return Output.from(http.get(request.queryParam("url"), headers), 502);
}
