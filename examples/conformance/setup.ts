/**
 * Creates the table of examples/conformance (`schema.sql`) in the database at `DATABASE_URL`.
 *
 * ```sh
 * DATABASE_URL=postgres://stratos:stratos@127.0.0.1:5432/stratos deno run -A examples/conformance/setup.ts
 * ```
 *
 * @module
 */

import { setupFromEnv } from "../data/setup.ts";

if (import.meta.main) {
  await setupFromEnv(
    import.meta.url,
    "examples/conformance: table stratos_conformance_items is ready",
  );
}
