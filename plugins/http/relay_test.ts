import assert from "node:assert/strict";
import { startRelay } from "./relay.ts";

/** `promise`, or a failure naming `what` after 2 s. */
async function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within 2 s`)), 2000);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A public listener whose connections the relay serves with `handler`. */
function relayed(handler: (request: Request) => Response) {
  const relay = startRelay(() => new Response("error", { status: 500 }));
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const abort = new AbortController();
  const served: Promise<void>[] = [];
  const accepting = (async () => {
    for await (const tcp of listener) {
      served.push(relay.serve(tcp, abort.signal, handler, () => new Response("")).finished);
    }
  })();
  return {
    url: `http://127.0.0.1:${listener.addr.port}`,
    abort,
    async stop() {
      listener.close();
      await accepting.catch(() => {});
      await relay.shutdown();
      await Promise.all(served);
    },
  };
}

Deno.test("relay - requests reach the connection's handler; an upgraded WebSocket stays open", async () => {
  const server = relayed((request) => {
    if (request.headers.get("upgrade") !== "websocket") return new Response("plain");
    const { socket, response } = Deno.upgradeWebSocket(request);
    socket.onmessage = (event) => socket.send(`echo ${event.data}`);
    return response;
  });
  try {
    const plain = await fetch(server.url);
    assert.equal(await plain.text(), "plain");
    const socket = new WebSocket(server.url.replace("http", "ws"));
    await bounded(new Promise((resolve) => (socket.onopen = resolve)), "open");
    const closed = new Promise<void>((resolve) => (socket.onclose = () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200)); // well past the upgrade
    const echo = new Promise((resolve) => (socket.onmessage = (event) => resolve(event.data)));
    socket.send("one");
    assert.equal(await bounded(echo, "echo"), "echo one");
    socket.close();
    await bounded(closed, "close");
  } finally {
    await server.stop();
  }
});

Deno.test("relay - aborting a connection's signal closes it", async () => {
  const server = relayed(() => new Response("never"));
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: Number(new URL(server.url).port),
  });
  try {
    await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHo"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.abort.abort();
    assert.equal(await conn.read(new Uint8Array(16)).catch(() => null), null);
  } finally {
    conn.close();
    await server.stop();
  }
});
