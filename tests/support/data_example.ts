/**
 * Test support: a copy of examples/data in a temp dir whose notes table has a name of its own
 * (so tests and benchmarks never meet the example's table), with the table created.
 *
 * @module
 */

import { applySchema } from "../../examples/data/setup.ts";
import { copy } from "./copy.ts";

const EXAMPLE = new URL("../../examples/data/", import.meta.url).pathname;
/** The example's table name, as written in its Queries.yaml and schema.sql. */
const TABLE = "stratos_example_notes";

/** A copy of examples/data. */
export interface DataExample {
  /** The project folder. */
  dir: string;
  /** Its notes table. */
  table: string;
}

/**
 * Copies the example, renames its table to `table` in the queries and the schema, and creates the
 * table in the PostgreSQL database at `databaseUrl`. With `connections`, the Directive's `env()`
 * connections are replaced by these literal values.
 */
export async function dataExample(
  table: string,
  databaseUrl: string,
  connections?: { redis: string; database: string },
): Promise<DataExample> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-data-" });
  await copy(EXAMPLE, dir);
  const rename = async (file: string) => {
    const text = await Deno.readTextFile(`${dir}/${file}`);
    if (!text.includes(TABLE)) throw new Error(`${file} of examples/data does not name ${TABLE}`);
    await Deno.writeTextFile(`${dir}/${file}`, text.replaceAll(TABLE, table));
  };
  await rename("Queries.yaml");
  await rename("schema.sql");
  if (connections) {
    const directive = await Deno.readTextFile(`${dir}/Directive.yaml`);
    await Deno.writeTextFile(
      `${dir}/Directive.yaml`,
      directive
        .replace("env(REDIS_URL)", JSON.stringify(connections.redis))
        .replace("env(DATABASE_URL)", JSON.stringify(connections.database)),
    );
  }
  await applySchema(databaseUrl, await Deno.readTextFile(`${dir}/schema.sql`));
  return { dir, table };
}
