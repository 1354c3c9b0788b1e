/**
 * End-to-end: WebSocket stream handlers on the HTTP port (`source` empty or `server`).
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { helloApp } from "../support/hello_app.ts";

const DIRECTIVE = `identifier: com.stratos.ws
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: stream
    resource: /ws/hello
    steps:
      - fn: hello
  - type: stream
    source: server
    resource: /ws/planet
    steps:
      - fn: find-planet
`;

/** Opens a socket and returns a function that sends a message and waits for the next frame. */
async function connect(
  url: string,
): Promise<{ ask(message: string | Uint8Array): Promise<unknown>; close(): Promise<void> }> {
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  const frames: unknown[] = [];
  const waiting: ((frame: unknown) => void)[] = [];
  socket.onmessage = (event) => {
    const next = waiting.shift();
    if (next) next(event.data);
    else frames.push(event.data);
  };
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  return {
    ask(message) {
      socket.send(message);
      return frames.length > 0
        ? Promise.resolve(frames.shift())
        : new Promise((r) => waiting.push(r));
    },
    close() {
      const closed = new Promise((resolve) => (socket.onclose = resolve));
      socket.close();
      return closed.then(() => {});
    },
  };
}

Deno.test("websocket - each message runs the steps and answers in order on the same connection", async () => {
  const app = await startApp(await helloApp(DIRECTIVE, ["hello", "find-planet"]));
  try {
    const ws = await connect(app.url.replace("http", "ws") + "/ws/hello");
    assert.equal(await ws.ask("one"), "hello one");
    assert.equal(
      await ws.ask(new TextEncoder().encode("two")),
      "hello two",
      "binary frames are accepted",
    );
    const burst = await Promise.all(["a", "b", "c"].map((m) => ws.ask(m)));
    assert.deepEqual(burst, ["hello a", "hello b", "hello c"]);
    await ws.close();
  } finally {
    await app.stop();
  }
});

Deno.test("websocket - an error is one JSON frame and the connection stays open", async () => {
  const app = await startApp(await helloApp(DIRECTIVE, ["hello", "find-planet"]));
  try {
    const ws = await connect(app.url.replace("http", "ws") + "/ws/planet");
    // find-planet reads the URL param `name`, which a stream message does not have: 404.
    const error = JSON.parse(String(await ws.ask("pluto")));
    assert.equal(error.code, 404);
    assert.match(error.message, /no planet named/);
    const again = JSON.parse(String(await ws.ask("pluto")));
    assert.equal(again.code, 404, "the socket still answers after an error");
    await ws.close();
    const plain = await app.request("/ws/hello");
    assert.equal(plain.status, 400, "a GET without upgrade is refused");
  } finally {
    await app.stop();
  }
});

Deno.test("websocket - stopping the runtime closes open sockets", async () => {
  const app = await startApp(await helloApp(DIRECTIVE, ["hello", "find-planet"]));
  const socket = new WebSocket(app.url.replace("http", "ws") + "/ws/hello");
  await new Promise((resolve) => (socket.onopen = resolve));
  const closed = new Promise<CloseEvent>((resolve) => (socket.onclose = resolve));
  await app.stop();
  assert.equal((await closed).code, 1001);
});
