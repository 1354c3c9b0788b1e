// Login sessions, kept in the cache (Redis when the app configures connections.redis): a session
// token maps to a user name for SESSION_TTL seconds.

import { cache, Output, request } from "../../../sdk/assemblyscript/assembly";

/** Seconds a session lasts. */
export const SESSION_TTL: i32 = 3600;

/** The cache key of a session token. */
export function sessionKey(token: string): string {
  return "session:" + token;
}

/** Who sent the request: a user name, or the error to answer with. */
export class Caller {
  constructor(
    public readonly user: string,
    public readonly error: Output | null,
  ) {}
}

/**
 * The user of the request's session (`Authorization: Bearer <token>`): 401 without a session or
 * with an unknown or expired one, 503 when the cache cannot be read.
 */
export function caller(): Caller {
  const auth = request.header("authorization");
  if (!auth.startsWith("Bearer ") || auth.length == 7) {
    return new Caller(
      "",
      Output.error(401, "log in first: POST /login, then send Authorization: Bearer <token>"),
    );
  }
  const found = cache.get(sessionKey(auth.substring(7)));
  if (found.isErr) {
    const message = found.errorMessage();
    // A missing key: Redis's message (as in Atmo), or the in-memory cache's.
    if (message == "failed to client.Get: redis: nil" || message == "key not found") {
      return new Caller("", Output.error(401, "unknown or expired session"));
    }
    return new Caller("", Output.error(503, message));
  }
  return new Caller(found.text(), null);
}

/** Seconds a share link lasts. */
export const SHARE_TTL: i32 = 3600;

/** The cache key of a share link's token. */
export function shareKey(token: string): string {
  return "share:" + token;
}
