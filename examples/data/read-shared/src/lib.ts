import { cache, db, Output, QueryArg, request, response } from "../../../../sdk/assemblyscript/assembly";
import { shareKey } from "../../lib/session";

/** The note behind a share link (URL param `token`): one cache read, one select. */
export function run(_input: ArrayBuffer): Output {
  const shared = cache.get(shareKey(request.urlParam("token")));
  if (shared.isErr) {
    const message = shared.errorMessage();
    if (message == "failed to client.Get: redis: nil" || message == "key not found") {
      return Output.error(404, "unknown or expired link");
    }
    return Output.error(503, message);
  }
  const found = db.select("get_shared_note", [new QueryArg("id", shared.text())]);
  if (found.isErr) return Output.error(500, found.errorMessage());
  const rows = found.text(); // a JSON array of at most one row
  if (rows == "[]") return Output.error(404, "the shared note was deleted");
  response.contentType("application/json");
  return Output.text(rows.substring(1, rows.length - 1));
}
