import { file, Output, request, response } from "../../../../../sdk/assemblyscript/assembly";

/**
 * The static file named by URL param `file` (leading "/" removed), with a Content-Type for .txt
 * and .json files; a missing file is error 404 "no static file NAME".
 */
export function run(_input: ArrayBuffer): Output {
  let name = request.urlParam("file");
  while (name.startsWith("/")) name = name.substring(1);
  const content = file.getStatic(name);
  if (content.isErr) return Output.error(404, "no static file " + name);
  if (name.endsWith(".txt")) response.contentType("text/plain; charset=utf-8");
  else if (name.endsWith(".json")) response.contentType("application/json");
  return Output.bytes(content.bytes);
}
