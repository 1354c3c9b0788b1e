/**
 * The bare baseline for the HTTP benchmark: plain `Deno.serve` handlers doing the same work as
 * examples/hello's Runnables, in plain TypeScript. Port from argv[0].
 *
 * - `POST /hello`: `hello ` + body (the one-step handler);
 * - `POST /pipeline`: the same three steps as the hello app's pipeline (hello, then shout and hello,
 *   then shout);
 * - `POST /set/:key`, `GET /get/:key`: a Map as the in-memory cache.
 *
 * With `request-id` as argv[1], every response also carries an `X-Request-Id` (the request's own,
 * else a counter), as every Stratos response must: Deno answers a response whose only header is
 * its content type on a faster path, so this is the baseline with the same headers as Stratos.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const prefix = encoder.encode("hello ");
const port = Number(Deno.args[0] ?? 8090);
const cache = new Map<string, Uint8Array<ArrayBuffer>>();
const OCTETS = { "content-type": "application/octet-stream" };
const withRequestId = Deno.args[1] === "request-id";
let counter = 0;

/** The headers of a response to `request`: `type` (a content type), and its id if asked to. */
function headers(request: Request, type?: typeof OCTETS): HeadersInit | undefined {
  if (!withRequestId) return type;
  const id = request.headers.get("x-request-id") ?? `bench-${++counter}`;
  return { ...type, "x-request-id": id };
}

function hello(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix);
  out.set(body, prefix.length);
  return out;
}

const shout = (text: string) => text.toUpperCase() + "!";

Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, async (request) => {
  const path = request.url.slice(request.url.indexOf("/", 8));
  if (path.startsWith("/get/")) {
    const value = cache.get(path.slice(5));
    return value === undefined
      ? new Response('{"status":404,"message":"key not found"}', {
        status: 404,
        headers: headers(request),
      })
      : new Response(value, { headers: headers(request, OCTETS) });
  }
  const body = new Uint8Array(await request.arrayBuffer());
  if (path.startsWith("/set/")) {
    cache.set(path.slice(5), body);
    return new Response("stored", { headers: headers(request, OCTETS) });
  }
  if (path === "/pipeline") {
    const greeting = decoder.decode(hello(body));
    const _loud = shout(greeting);
    const again = decoder.decode(hello(body));
    return new Response(shout(again), { headers: headers(request, OCTETS) });
  }
  return new Response(hello(body), { headers: headers(request, OCTETS) });
});
