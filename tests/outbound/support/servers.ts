/**
 * Test support: real HTTP and GraphQL servers on loopback that record what they receive, so the
 * tests check headers (auth present or absent) where the request arrives.
 *
 * Routes of {@link startEchoServer}:
 * - `/echo...` answers 200 with the request as JSON (`method`, `host`, `path`, `headers`, `body`);
 * - `/status/<code>` answers `<code>` with a body echoing the `Authorization` header it got;
 * - `/redirect/<code>?to=<url>` answers `<code>` with `Location: <url>` (none without `to`);
 * - `/loop` redirects to itself;
 * - `/bytes/<n>` answers `n` bytes;
 * - `/slow` sends its headers and one byte, and then nothing more until the client goes away.
 *
 * {@link startGraphQLServer} executes a small schema with npm `graphql` at `POST /graphql`; its
 * `whoami` field returns the `Authorization` header it got, `fail` raises an error.
 *
 * @module
 */

import { buildSchema, graphql } from "graphql";

/** A request as a test server received it. */
export interface Received {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A running test server. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Its port. */
  port: number;
  /** Requests received so far. */
  received: Received[];
  /** Stops it. */
  close(): Promise<void>;
}

/** Where a test server listens and how. */
export interface ServeOptions {
  /** PEM certificate and key, to serve HTTPS. */
  tls?: { cert: string; key: string };
}

async function record(request: Request): Promise<Received> {
  const url = new URL(request.url);
  return {
    method: request.method,
    host: request.headers.get("host") ?? "",
    path: url.pathname + url.search,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  };
}

/** The `Authorization` header a request carried, or `no auth`. */
function authOf(received: Received): string {
  return received.headers.authorization ?? "no auth";
}

function serve(
  handler: (request: Request, received: Received) => Response | Promise<Response>,
  options: ServeOptions = {},
): TestServer {
  const received: Received[] = [];
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
    ...(options.tls ?? {}),
  }, async (request) => {
    const entry = await record(request);
    received.push(entry);
    return await handler(request, entry);
  });
  const port = server.addr.port;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    received,
    close: () => server.shutdown(),
  };
}

function echo(request: Request, received: Received): Response {
  const url = new URL(request.url);
  const [, route, arg] = url.pathname.split("/");
  switch (route) {
    case "status": {
      const status = Number(arg);
      const text = `failed; you sent ${authOf(received)}`;
      return new Response(status === 204 || status === 304 ? null : text, { status });
    }
    case "redirect": {
      const to = url.searchParams.get("to");
      return new Response(null, { status: Number(arg), headers: to ? { location: to } : {} });
    }
    case "loop":
      return new Response(null, { status: 302, headers: { location: "/loop" } });
    case "bytes":
      return new Response("x".repeat(Number(arg)));
    case "slow":
      // Headers now, then a body that never comes (until the client goes away).
      return new Response(new ReadableStream({ start: (c) => c.enqueue(new Uint8Array([46])) }));
    default:
      return Response.json(received);
  }
}

/** Starts the echo server (routes above). */
export function startEchoServer(options: ServeOptions = {}): TestServer {
  return serve(echo, options);
}

const schema = buildSchema(`
  type User { id: ID!, name: String, tags: [String] }
  type Query {
    hello(name: String): String
    whoami: String
    fail: String
    user(id: ID!): User
    markup: String
  }
`);

/** Starts the GraphQL server; `POST /status/<code>` answers that status instead. */
export function startGraphQLServer(): TestServer {
  return serve(async (request, received) => {
    const [, route, arg] = new URL(request.url).pathname.split("/");
    if (route === "status") {
      return new Response(`upstream says no; you sent ${authOf(received)}`, {
        status: Number(arg),
      });
    }
    const { query } = JSON.parse(received.body);
    const rootValue = {
      hello: ({ name }: { name?: string }) => `hello ${name ?? "world"}`,
      whoami: () => received.headers.authorization ?? null,
      fail: () => {
        throw new Error(`failed for ${authOf(received)}`);
      },
      user: ({ id }: { id: string }) => ({ id, name: `user ${id}`, tags: ["b", "a"] }),
      markup: () => "<b>&</b>",
    };
    return Response.json(await graphql({ schema, source: query, rootValue }));
  });
}

/** The test certificate (valid for `api.pinned.test`) and its key. */
export function pinnedTls(): { cert: string; key: string } {
  const read = (name: string) => Deno.readTextFileSync(new URL(name, import.meta.url));
  return { cert: read("pinned.cert.pem"), key: read("pinned.key.pem") };
}
