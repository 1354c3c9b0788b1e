/**
 * Test support: the shared Redis, PostgreSQL and MariaDB servers the tests use
 * (`STRATOS_TEST_*_URL`, started by `tests/infra/services.ts`), unique table names, and a small
 * admin client to create and drop tables around a test.
 *
 * @module
 */

import postgres from "postgres";
import mysql from "mysql2/promise";

/** The shared Redis server. */
export const REDIS_URL = Deno.env.get("STRATOS_TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";
/** The shared PostgreSQL server. */
export const POSTGRES_URL = Deno.env.get("STRATOS_TEST_POSTGRES_URL") ??
  "postgres://stratos:stratos@127.0.0.1:5432/stratos";
/** The shared MariaDB server. */
export const MYSQL_URL = Deno.env.get("STRATOS_TEST_MYSQL_URL") ??
  "mysql://stratos:stratos@127.0.0.1:3306/stratos";

/** The SQL databases under test, as `connections.database.type` names them. */
export type DatabaseKind = "postgresql" | "mysql";

/** A database under test: its kind and the URL of its shared server. */
export const DATABASES: readonly { kind: DatabaseKind; url: string }[] = [
  { kind: "postgresql", url: POSTGRES_URL },
  { kind: "mysql", url: MYSQL_URL },
];

/** A table name no other test uses: `<prefix>_<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
}

/** An admin connection for setting up and checking tables. */
export interface AdminClient {
  /** Runs one statement (no parameters) and returns its rows, if any. */
  exec(sql: string): Promise<Record<string, unknown>[]>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Opens an admin connection to the shared server of `kind`. */
export async function adminClient(kind: DatabaseKind, url = urlOf(kind)): Promise<AdminClient> {
  if (kind === "postgresql") {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    return {
      exec: async (text) => [...await sql.unsafe(text)],
      close: () => sql.end({ timeout: 1 }),
    };
  }
  const connection = await mysql.createConnection({ uri: url });
  return {
    async exec(text) {
      const [rows] = await connection.query(text);
      return Array.isArray(rows) ? rows as Record<string, unknown>[] : [];
    },
    close: () => connection.end(),
  };
}

/** The shared server's URL for `kind`. */
export function urlOf(kind: DatabaseKind): string {
  return kind === "postgresql" ? POSTGRES_URL : MYSQL_URL;
}

/** Creates tables with `ddl` (one statement each) and returns a function that drops `tables`. */
export async function withTables(
  kind: DatabaseKind,
  ddl: string[],
  tables: string[],
): Promise<() => Promise<void>> {
  const admin = await adminClient(kind);
  try {
    for (const statement of ddl) await admin.exec(statement);
  } finally {
    await admin.close();
  }
  return () => dropTables(kind, tables);
}

/** Drops `tables` (those that exist). */
export async function dropTables(kind: DatabaseKind, tables: string[]): Promise<void> {
  const admin = await adminClient(kind);
  try {
    for (const table of tables) await admin.exec(`DROP TABLE IF EXISTS ${table}`);
  } finally {
    await admin.close();
  }
}
