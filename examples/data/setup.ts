/**
 * Creates the table of examples/data (`schema.sql`) in the database at `DATABASE_URL`.
 *
 * ```sh
 * DATABASE_URL=postgres://stratos:stratos@127.0.0.1:5432/stratos deno run -A examples/data/setup.ts
 * ```
 *
 * @module
 */

import postgres from "postgres";

/** Runs `sql` (several statements) on the PostgreSQL database at `url`. */
export async function applySchema(url: string, sql: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(sql);
  } finally {
    await client.end({ timeout: 1 });
  }
}

/**
 * The setup scripts' command line: applies the `schema.sql` beside `moduleUrl` to the database at
 * `DATABASE_URL` (exit 2 without it) and prints `done`.
 */
export async function setupFromEnv(moduleUrl: string, done: string): Promise<void> {
  const url = Deno.env.get("DATABASE_URL");
  if (!url) {
    console.error("set DATABASE_URL, e.g. postgres://stratos:stratos@127.0.0.1:5432/stratos");
    Deno.exit(2);
  }
  await applySchema(url, await Deno.readTextFile(new URL("./schema.sql", moduleUrl)));
  console.log(done);
}

if (import.meta.main) {
  await setupFromEnv(import.meta.url, "examples/data: table stratos_example_notes is ready");
}
