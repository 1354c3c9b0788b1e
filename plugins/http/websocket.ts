/**
 * WebSocket stream handlers (`type: stream`, `source` empty or `server`) on the HTTP port:
 * `GET <resource>` upgrades, and every message runs the steps with the message as the body
 * (method `GET`, the upgrade request's URL). Messages of one connection are handled
 * one at a time, in order. A result goes back as a text frame (binary if it is not UTF-8); an
 * error as one frame `{"code":N,"message":"..."}` (Atmo also sent a second, 500 frame: a bug).
 * The connection stays open after errors, and is never closed for being idle while the socket
 * is open.
 *
 * @module
 */

import { type Handler, type PluginContext, runStreamMessage } from "../../plugin.ts";
import type { Connection } from "./connections.ts";
import { errorResponse } from "./respond.ts";

const strict = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** Open sockets, so stopping the server can close them. */
export type SocketSet = Set<WebSocket>;

/** The route of one WebSocket handler. */
export function websocketRoute(
  ctx: PluginContext,
  handler: Handler,
  sockets: SocketSet,
): (request: Request, uri: string, params: unknown, conn: Connection) => Response {
  return (request, uri, _params, conn) => {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return errorResponse(400, "expected a WebSocket upgrade");
    }
    const { socket, response } = Deno.upgradeWebSocket(request);
    socket.binaryType = "arraybuffer";
    sockets.add(socket);
    let queue = Promise.resolve();
    socket.onmessage = (event) => {
      const data = typeof event.data === "string"
        ? encoder.encode(event.data)
        : new Uint8Array(event.data as ArrayBuffer);
      queue = queue.then(() => answer(ctx, handler, socket, data, uri));
    };
    const release = conn.hold();
    const gone = () => {
      sockets.delete(socket);
      release();
    };
    socket.onclose = gone;
    socket.onerror = gone;
    return response;
  };
}

async function answer(
  ctx: PluginContext,
  handler: Handler,
  socket: WebSocket,
  data: Uint8Array,
  url: string,
): Promise<void> {
  const reply = await runStreamMessage(ctx, handler, { data, method: "GET", url });
  if (socket.readyState !== WebSocket.OPEN) return;
  if (reply.failed) {
    const { code, message } = reply.outcome.error!;
    socket.send(JSON.stringify({ code, message }));
    return;
  }
  try {
    socket.send(strict.decode(reply.data));
  } catch {
    socket.send(reply.data);
  }
}

/** Closes every open socket ("going away"), so the server can shut down. */
export function closeSockets(sockets: SocketSet): void {
  for (const socket of sockets) {
    try {
      socket.close(1001, "server shutting down");
    } catch { /* already closing */ }
  }
  sockets.clear();
}
