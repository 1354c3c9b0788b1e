import assert from "node:assert/strict";
import { abortConnection, connectionServer } from "./serve_connection.ts";

/** A listener on a free loopback port and a client connected to it. */
async function pair(): Promise<{ server: Deno.TcpConn; client: Deno.TcpConn; close(): void }> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const [server, client] = await Promise.all([
    listener.accept(),
    Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
  ]);
  listener.close();
  return { server, client, close: () => client.close() };
}

/** What the server sent until it closed (a reset counts as closed: unread bytes were left). */
async function readAll(conn: Deno.TcpConn): Promise<string> {
  try {
    return await new Response(conn.readable).text();
  } catch (error) {
    if (error instanceof Deno.errors.ConnectionReset) return "";
    throw error;
  }
}

Deno.test("serve connection - Deno's internal per-connection server is there and serves", async () => {
  // If this fails, the pinned Deno changed: the HTTP plugin cannot serve without it.
  const serve = connectionServer();
  const { server, client } = await pair();
  const served = serve(server, new AbortController().signal, (request) => {
    return new Response(`got ${new URL(request.url).pathname}`);
  }, () => new Response("error", { status: 500 }));
  await client.write(
    new TextEncoder().encode("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
  );
  const answer = await readAll(client);
  assert.match(answer, /^HTTP\/1.1 200 OK\r\n/);
  assert.match(answer, /\r\n\r\ngot \/ping$/);
  await served.finished;
});

Deno.test("serve connection - aborting the signal closes the connection at once", async () => {
  const serve = connectionServer();
  const { server, client } = await pair();
  const abort = new AbortController();
  const served = serve(server, abort.signal, () => new Response("never"), () => new Response(""));
  await client.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHo")); // half a request head
  const started = performance.now();
  abort.abort();
  assert.equal(await readAll(client), "", "closed without an answer");
  await served.finished;
  assert.ok(performance.now() - started < 2000);
});

Deno.test("abortConnection - a BadResource its abort listener throws does not end the process", async () => {
  const controller = new AbortController();
  controller.signal.addEventListener("abort", () => {
    throw new Deno.errors.BadResource("Bad resource ID");
  });
  abortConnection(controller);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(controller.signal.aborted, "aborted, and the test is still running");
});
