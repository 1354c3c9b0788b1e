import { Output, request, response, util } from "../../../../../sdk/assemblyscript/assembly";

/**
 * Every request field type as JSON, in this order: method, url, the id's length, the raw body,
 * body field `message`, header `X-Conformance`, URL param `name`, query param `lang`, state
 * `greeting`. A field that cannot be read (a non-string body field) is "", as in the Rust crate.
 * Sets the headers `X-Inspected-By: inspect` and `Content-Type: application/json`.
 */
export function run(_input: ArrayBuffer): Output {
  const json = new util.JSONObject()
    .set("method", request.method())
    .set("url", request.url())
    .setRaw("idLength", request.id().length.toString())
    .set("body", request.body())
    .set("message", request.bodyField("message"))
    .set("header", request.header("X-Conformance"))
    .set("name", request.urlParam("name"))
    .set("lang", request.queryParam("lang"))
    .set("state", request.state("greeting"));
  response.setHeader("X-Inspected-By", "inspect");
  response.contentType("application/json");
  return Output.text(json.toString());
}
