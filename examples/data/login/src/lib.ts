import { cache, Output, request, response, util } from "../../../../sdk/assemblyscript/assembly";
import { SESSION_TTL, sessionKey } from "../../lib/session";

/** Starts a session for the user named by the body: `{"token":"...","user":"...","expiresIn":3600}`. */
export function run(input: ArrayBuffer): Output {
  const user = util.toText(input).trim();
  if (user.length == 0 || user.length > 64) {
    return Output.error(400, "send your user name (1 to 64 characters) as the body");
  }
  const token = request.id(); // a random UUID per request
  const err = cache.setText(sessionKey(token), user, SESSION_TTL);
  if (err !== null) return Output.error(503, err.message);
  response.contentType("application/json");
  const session = new util.JSONObject()
    .set("token", token)
    .set("user", user)
    .setRaw("expiresIn", SESSION_TTL.toString());
  return Output.text(session.toString());
}
