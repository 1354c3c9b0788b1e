import { file, log, Output, request, response } from "../../../../sdk/assemblyscript/assembly";

const TYPES = new Map<string, string>();
TYPES.set("html", "text/html; charset=utf-8");
TYPES.set("txt", "text/plain; charset=utf-8");
TYPES.set("json", "application/json");
TYPES.set("css", "text/css");
TYPES.set("svg", "image/svg+xml");

/** Serves `static/<file>` for the route `/file/*file`, with a Content-Type from its extension. */
export function run(_input: ArrayBuffer): Output {
  const name = request.urlParam("file");
  const content = file.getStatic(name);
  if (content.isErr) {
    log.warn("static file " + name + ": " + content.errorMessage());
    return Output.error(404, content.errorMessage());
  }
  const ext = name.substring(name.lastIndexOf(".") + 1);
  if (TYPES.has(ext)) response.contentType(TYPES.get(ext));
  return Output.from(content);
}
