import { Output, response } from "../../../../sdk/assemblyscript/assembly";
import { ownedNote } from "../../lib/notes";

/** One of the caller's notes, by URL param `id`; 404 if the caller has no such note. */
export function run(_input: ArrayBuffer): Output {
  const note = ownedNote();
  if (note.error !== null) return note.error!;
  response.contentType("application/json");
  return Output.text(note.json);
}
