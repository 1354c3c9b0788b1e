/**
 * Creates the table of examples/rust (`schema.sql`) in the database at `DATABASE_URL`.
 *
 * ```sh
 * DATABASE_URL=postgres://stratos:stratos@127.0.0.1:5432/stratos deno run -A examples/rust/setup.ts
 * ```
 *
 * @module
 */

import { setupFromEnv } from "../data/setup.ts";

if (import.meta.main) {
  await setupFromEnv(import.meta.url, "examples/rust: table stratos_rust_notes is ready");
}
