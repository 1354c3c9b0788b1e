/**
 * Test support: an app in a temp dir for the cache and database tests, with `connections.redis`
 * and/or `connections.database`, named queries, and these handlers:
 *
 * | route                     | Runnable                                                          |
 * | ------------------------- | ----------------------------------------------------------------- |
 * | `POST /db/:type/:name`    | `db-run`: the query `name` as wire type `type`, body lines = vars |
 * | `POST /set/:key?ttl=N`    | examples/hello `cache-set`                                        |
 * | `GET /get/:key`           | examples/hello `cache-get` (a missing key: 404 with the message)  |
 *
 * @module
 */

import type { DatabaseKind } from "./databases.ts";
import { helloApp } from "./hello_app.ts";

const DB_RUN = new URL("../../examples/data/test-runnables/db-run/db-run.wasm", import.meta.url);

/** A named query of the Directive. */
export interface QuerySpec {
  /** Name. */
  name: string;
  /** SQL. */
  query: string;
  /** Type, when not inferred from the SQL. */
  type?: "insert" | "select" | "update" | "delete";
  /** Number of variables, when Atmo's counting regex would miss some. */
  varCount?: number;
}

/** What the app connects to. */
export interface DataAppSpec {
  /** `connections.redis.serverAddress`. */
  redis?: string;
  /** `connections.database`. */
  database?: { type: DatabaseKind; connectionString: string };
  /** `queries:`. */
  queries?: QuerySpec[];
}

/** The Directive of the app (YAML). */
export function dataDirective(spec: DataAppSpec): string {
  const lines = [
    "identifier: com.stratos.datatest",
    "appVersion: v0.1.0",
    "atmoVersion: v0.4.7",
  ];
  if (spec.redis || spec.database) lines.push("connections:");
  if (spec.redis) lines.push("  redis:", `    serverAddress: ${JSON.stringify(spec.redis)}`);
  if (spec.database) {
    lines.push(
      "  database:",
      `    type: ${spec.database.type}`,
      `    connectionString: ${JSON.stringify(spec.database.connectionString)}`,
    );
  }
  if (spec.queries?.length) {
    lines.push("queries:");
    for (const q of spec.queries) {
      lines.push(`  - name: ${JSON.stringify(q.name)}`, `    query: ${JSON.stringify(q.query)}`);
      if (q.type) lines.push(`    type: ${q.type}`);
      if (q.varCount) lines.push(`    varCount: ${q.varCount}`);
    }
  }
  lines.push(
    "handlers:",
    ...route("POST", "/db/:type/:name", "db-run"),
    ...route("POST", "/set/:key", "cache-set"),
    ...route("GET", "/get/:key", "cache-get"),
  );
  return lines.join("\n") + "\n";
}

function route(method: string, resource: string, fn: string): string[] {
  return [
    "  - type: request",
    `    resource: ${resource}`,
    `    method: ${method}`,
    "    steps:",
    `      - fn: ${fn}`,
  ];
}

/** Writes the app into a new temp folder; returns its path. */
export async function dataApp(spec: DataAppSpec): Promise<string> {
  const dir = await helloApp(dataDirective(spec), ["cache-set", "cache-get"]);
  await Deno.copyFile(DB_RUN, `${dir}/db-run.wasm`);
  return dir;
}
