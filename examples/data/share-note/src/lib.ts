import { cache, Output, request, response, util } from "../../../../sdk/assemblyscript/assembly";
import { ownedNote } from "../../lib/notes";
import { SHARE_TTL, shareKey } from "../../lib/session";

/**
 * Makes a link anyone can read one of the caller's notes with, for SHARE_TTL seconds:
 * `{"path":"/shared/<token>","expiresIn":3600}`.
 */
export function run(_input: ArrayBuffer): Output {
  const note = ownedNote();
  if (note.error !== null) return note.error!;
  const token = request.id(); // a random UUID per request
  const err = cache.setText(shareKey(token), note.id, SHARE_TTL);
  if (err !== null) return Output.error(503, err.message);
  response.contentType("application/json");
  const link = new util.JSONObject()
    .set("path", "/shared/" + token)
    .setRaw("expiresIn", SHARE_TTL.toString());
  return Output.text(link.toString());
}
