// Looking up one of the caller's notes by the URL param `id`.

import { db, Output, QueryArg, request } from "../../../sdk/assemblyscript/assembly";
import { isId } from "./json";
import { caller } from "./session";

/** A note of the caller, as the JSON object of its row, or the error to answer with. */
export class OwnedNote {
  constructor(
    public readonly id: string,
    public readonly json: string,
    public readonly error: Output | null,
  ) {}
}

/** The caller's note with URL param `id`: 401 without a session, 404 if it has no such note. */
export function ownedNote(): OwnedNote {
  const who = caller();
  if (who.error !== null) return new OwnedNote("", "", who.error);
  const id = request.urlParam("id");
  if (!isId(id)) return new OwnedNote(id, "", Output.error(404, "no note " + id));
  const found = db.select("get_note", [new QueryArg("id", id), new QueryArg("owner", who.user)]);
  if (found.isErr) return new OwnedNote(id, "", Output.error(500, found.errorMessage()));
  const rows = found.text(); // a JSON array of at most one row (id is the primary key)
  if (rows == "[]") return new OwnedNote(id, "", Output.error(404, "no note " + id));
  return new OwnedNote(id, rows.substring(1, rows.length - 1), null);
}
