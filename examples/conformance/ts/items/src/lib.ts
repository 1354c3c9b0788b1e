import { db, Output, QueryArg, request, response } from "../../../../../sdk/assemblyscript/assembly";

/**
 * POST inserts body field `title` (query `add_item`), any other method lists the items
 * (`list_items`); answers the host's JSON, or error 500 with the host's message.
 */
export function run(_input: ArrayBuffer): Output {
  const result = request.method() == "POST"
    ? db.insert("add_item", [new QueryArg("title", request.bodyField("title"))])
    : db.select("list_items");
  if (result.isErr) return Output.error(500, result.errorMessage());
  response.contentType("application/json");
  return Output.bytes(result.bytes);
}
