import { db, Output, QueryArg, request, response } from "../../../../sdk/assemblyscript/assembly";
import { intMember, isId } from "../../lib/json";
import { caller } from "../../lib/session";

/** Replaces the title and body of one of the caller's notes: `{"updated":N}`, or 404. */
export function run(_input: ArrayBuffer): Output {
  const who = caller();
  if (who.error !== null) return who.error!;
  const id = request.urlParam("id");
  if (!isId(id)) return Output.error(404, "no note " + id);
  const title = request.bodyField("title");
  if (title.length == 0) return Output.error(400, "a note needs a \"title\" (and may have a \"body\")");
  const updated = db.update("update_note", [
    new QueryArg("title", title),
    new QueryArg("body", request.bodyField("body")),
    new QueryArg("id", id),
    new QueryArg("owner", who.user),
  ]);
  if (updated.isErr) return Output.error(500, updated.errorMessage());
  if (intMember(updated.text(), "rowsAffected") == "0") return Output.error(404, "no note " + id);
  response.contentType("application/json");
  return Output.text("{\"updated\":" + id + "}");
}
