/**
 * Test support: calling `db_exec` through the `db-run` route of a {@link dataApp}, and writing
 * SQL for either database.
 *
 * @module
 */

import type { TestApp } from "./app.ts";
import type { DatabaseKind } from "./databases.ts";

/** Wire values of the query types. */
export const QUERY_TYPE = { insert: 0, select: 1, update: 2, delete: 3 } as const;

/** What `db_exec` answered: the result JSON (status 200), or the error JSON (status 400). */
export interface DbAnswer {
  /** HTTP status. */
  status: number;
  /** Parsed body. */
  body: unknown;
  /** Milliseconds the request took. */
  ms: number;
}

/** Calls `db_exec(type, name)` with `vars` (none may contain a newline, and not one empty var). */
export async function callDb(
  app: TestApp,
  type: number,
  name: string,
  vars: string[] = [],
): Promise<DbAnswer> {
  const started = performance.now();
  const res = await app.request(`/db/${type}/${encodeURIComponent(name)}`, {
    method: "POST",
    body: vars.join("\n"),
  });
  return { status: res.status, body: JSON.parse(res.text), ms: performance.now() - started };
}

/** The error message of a failed call (`{"status":400,"message":...}`), or throws. */
export function errorMessage(answer: DbAnswer): string {
  const body = answer.body as { status?: number; message?: string };
  if (answer.status !== 400 || typeof body.message !== "string") {
    throw new Error(`expected an error, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return body.message;
}

/** The placeholder of variable `n` (1-based): `$n` (PostgreSQL) or `?` (MySQL). */
export function placeholder(kind: DatabaseKind, n: number): string {
  return kind === "postgresql" ? `$${n}` : "?";
}

/** `count` placeholders separated by `, `. */
export function placeholders(kind: DatabaseKind, count: number): string {
  return Array.from({ length: count }, (_, i) => placeholder(kind, i + 1)).join(", ");
}
