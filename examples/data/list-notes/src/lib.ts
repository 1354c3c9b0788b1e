import { db, Output, QueryArg, response } from "../../../../sdk/assemblyscript/assembly";
import { caller } from "../../lib/session";

/** The caller's notes: `[{"id":1,"title":"...","created_at":"..."}, ...]`. */
export function run(_input: ArrayBuffer): Output {
  const who = caller();
  if (who.error !== null) return who.error!;
  const notes = db.select("list_notes", [new QueryArg("owner", who.user)]);
  if (notes.isErr) return Output.error(500, notes.errorMessage());
  response.contentType("application/json");
  return Output.bytes(notes.bytes);
}
