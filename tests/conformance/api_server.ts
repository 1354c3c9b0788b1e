/**
 * Test support for the conformance test: a local HTTP API the `fetch` Runnable calls, which checks
 * the `Authorization` header the host is meant to add and records what every request carried.
 *
 * Routes:
 * - `GET /whoami`: 200 `authorized client=<X-Conformance-Client>` when the request carried
 *   `Authorization: bearer <token>`, else 401 `no valid token (got none|another)`; the token is
 *   never part of the answer;
 * - `GET /echo-auth`: 200 `authorization: <the header as received>` (a careless server echoing
 *   the secret: Stratos must redact it before the Runnable sees it);
 * - `GET /status/<code>`: answers `<code>` with the body `status <code>`.
 *
 * @module
 */

/** What one request to the API carried. */
export interface ApiCall {
  /** Path and query. */
  path: string;
  /** The `Authorization` header, or `null`. */
  authorization: string | null;
  /** The `X-Conformance-Client` header, or `null`. */
  client: string | null;
}

/** A running API server. */
export interface ApiServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `127.0.0.1:<port>`: the key of `authentication.domains` that names this server. */
  host: string;
  /** Requests received so far. */
  calls: ApiCall[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts the API on a free loopback port; `token` is the bearer token it accepts. */
export function startApiServer(token: string): ApiServer {
  const calls: ApiCall[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const url = new URL(request.url);
    const authorization = request.headers.get("authorization");
    const client = request.headers.get("x-conformance-client");
    calls.push({ path: url.pathname + url.search, authorization, client });
    const [, route, arg] = url.pathname.split("/");
    switch (route) {
      case "whoami":
        return authorization === `bearer ${token}`
          ? new Response(`authorized client=${client}`)
          : new Response(`no valid token (got ${authorization === null ? "none" : "another"})`, {
            status: 401,
          });
      case "echo-auth":
        return new Response(`authorization: ${authorization}`);
      case "status":
        return new Response(`status ${arg}`, { status: Number(arg) });
      default:
        return new Response("no such route", { status: 404 });
    }
  });
  const host = `127.0.0.1:${server.addr.port}`;
  return { url: `http://${host}`, host, calls, close: () => server.shutdown() };
}
