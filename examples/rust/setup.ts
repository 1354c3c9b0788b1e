/**
 * Creates the table of examples/rust (`schema.sql`) in the database at `DATABASE_URL`.
 *
 * ```sh
 * DATABASE_URL=postgres://stratos:stratos@127.0.0.1:5432/stratos deno run -A examples/rust/setup.ts
 * ```
 *
 * @module
 */

import { applySchema } from "../data/setup.ts";

if (import.meta.main) {
  const url = Deno.env.get("DATABASE_URL");
  if (!url) {
    console.error("set DATABASE_URL, e.g. postgres://stratos:stratos@127.0.0.1:5432/stratos");
    Deno.exit(2);
  }
  await applySchema(url, await Deno.readTextFile(new URL("./schema.sql", import.meta.url)));
  console.log("examples/rust: table stratos_rust_notes is ready");
}
