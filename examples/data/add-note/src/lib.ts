import { db, Output, QueryArg, request, response } from "../../../../sdk/assemblyscript/assembly";
import { intMember } from "../../lib/json";
import { caller } from "../../lib/session";

/** Adds a note (`{"title":"...","body":"..."}`) for the caller: `{"id":N}`. */
export function run(_input: ArrayBuffer): Output {
  const who = caller();
  if (who.error !== null) return who.error!;
  const title = request.bodyField("title");
  if (title.length == 0) return Output.error(400, "a note needs a \"title\" (and may have a \"body\")");
  const added = db.insert("add_note", [
    new QueryArg("owner", who.user),
    new QueryArg("title", title),
    new QueryArg("body", request.bodyField("body")),
  ]);
  if (added.isErr) return Output.error(500, added.errorMessage());
  response.contentType("application/json");
  return Output.text("{\"id\":" + intMember(added.text(), "lastInsertID") + "}");
}
