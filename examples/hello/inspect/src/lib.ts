import { log, Output, request, response, util } from "../../../../sdk/assemblyscript/assembly";

/**
 * Reports what a Runnable can read about the request (method, URL, URL param `name`, query
 * param `lang`, header `X-Greeting`, JSON body field `message`, state `note`) as JSON, sets the
 * response header `X-Inspected-By` and logs one line.
 */
export function run(_input: ArrayBuffer): Output {
  const method = request.method();
  const url = request.url();
  const json = new util.JSONObject()
    .set("method", method)
    .set("url", url)
    .set("name", request.urlParam("name"))
    .set("lang", request.queryParam("lang"))
    .set("greeting", request.header("X-Greeting"))
    .set("message", request.bodyField("message"))
    .set("note", request.state("note"));
  response.setHeader("X-Inspected-By", "inspect");
  response.contentType("application/json");
  log.info("inspected " + method + " " + url);
  return Output.text(json.toString());
}
