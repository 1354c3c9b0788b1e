import { db, Output, QueryArg, request, response } from "../../../../sdk/assemblyscript/assembly";
import { intMember, isId } from "../../lib/json";
import { caller } from "../../lib/session";

/** Deletes one of the caller's notes: `{"deleted":N}`, or 404. */
export function run(_input: ArrayBuffer): Output {
  const who = caller();
  if (who.error !== null) return who.error!;
  const id = request.urlParam("id");
  if (!isId(id)) return Output.error(404, "no note " + id);
  const deleted = db.delete("delete_note", [new QueryArg("id", id), new QueryArg("owner", who.user)]);
  if (deleted.isErr) return Output.error(500, deleted.errorMessage());
  if (intMember(deleted.text(), "rowsAffected") == "0") return Output.error(404, "no note " + id);
  response.contentType("application/json");
  return Output.text("{\"deleted\":" + id + "}");
}
