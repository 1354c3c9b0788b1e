/**
 * The bare baseline for the data benchmark: a plain `Deno.serve` handler doing what the
 * `read-shared` Runnable of examples/data does, with the same clients (ioredis, postgres.js):
 * `GET /shared/:token` reads `share:<token>` from Redis, selects the note from PostgreSQL and
 * answers its row as JSON.
 *
 * Arguments: port, Redis URL, PostgreSQL URL, table.
 *
 * @module
 */

import { Redis } from "ioredis";
import postgres from "postgres";

const [port, redisUrl, postgresUrl, table] = Deno.args;
const redis = new Redis(redisUrl, { enableOfflineQueue: false, lazyConnect: true });
await redis.connect();
const sql = postgres(postgresUrl, { max: 10, onnotice: () => {} });
const query = `SELECT id, title, body, created_at, updated_at FROM ${table} WHERE id = $1`;
const json = { "content-type": "application/json" };

Deno.serve({ port: Number(port), hostname: "127.0.0.1", onListen() {} }, async (request) => {
  const token = new URL(request.url).pathname.slice("/shared/".length);
  const id = await redis.get(`share:${token}`);
  if (id === null) {
    return new Response('{"status":404,"message":"unknown or expired link"}', {
      status: 404,
      headers: json,
    });
  }
  const rows = await sql.unsafe(query, [id], { prepare: true });
  if (rows.length === 0) {
    return new Response('{"status":404,"message":"the shared note was deleted"}', {
      status: 404,
      headers: json,
    });
  }
  return new Response(JSON.stringify(rows[0]), { headers: json });
});
