/**
 * The bare baseline for the HTTP benchmark: a plain `Deno.serve` handler doing the same I/O as
 * the hello Runnable (read the body, answer `hello ` + body). Port from argv[0].
 *
 * @module
 */

const prefix = new TextEncoder().encode("hello ");
const port = Number(Deno.args[0] ?? 8090);

Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, async (request) => {
  const body = new Uint8Array(await request.arrayBuffer());
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix);
  out.set(body, prefix.length);
  return new Response(out, { headers: { "content-type": "application/octet-stream" } });
});
