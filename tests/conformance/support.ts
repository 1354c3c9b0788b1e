/**
 * Test support for the conformance test: the three builds of examples/conformance (AssemblyScript,
 * Rust, Go), each copied to a temp folder with the run's settings written into the shared
 * Directive and Queries (the API's host:port, its token, the database URL and a table of the run's
 * own), and started in the test process.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { applySchema } from "../../examples/data/setup.ts";
import { findRunnables } from "../../scripts/build/mod.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { copy } from "../support/copy.ts";
import { dropTables, POSTGRES_URL, uniqueName } from "../support/databases.ts";

/** The conformance app: shared Directive.yaml, Queries.yaml, schema.sql and static/. */
export const CONFORMANCE_DIR: string = fileURLToPath(
  new URL("../../examples/conformance/", import.meta.url),
);

/** The language folders of the app, each a project folder with the same Runnables. */
export const LANGUAGES = ["ts", "rust", "go"] as const;

/** One of {@link LANGUAGES}. */
export type Language = typeof LANGUAGES[number];

/** The `lang` of `.runnable.yaml` in each language folder. */
export const RUNNABLE_LANG: Record<Language, string> = {
  ts: "assemblyscript",
  rust: "rust",
  go: "go",
};

/** The Runnables every language folder has. */
export const RUNNABLE_NAMES: readonly string[] = [
  "cache",
  "combine",
  "fail",
  "fetch",
  "file",
  "hello",
  "inspect",
  "items",
  "shout",
];

/** What the committed files say where a run puts its own values. */
const PLACEHOLDERS = {
  apiHost: '"127.0.0.1:8099"',
  token: "env(CONFORMANCE_API_TOKEN)",
  databaseUrl: "env(DATABASE_URL)",
  table: "stratos_conformance_items",
};

/** The values of one run. */
export interface RunSettings {
  /** host:port of the API whose requests get the token. */
  apiHost: string;
  /** The API token the host adds. */
  token: string;
}

/** A running build of the app. */
export interface ConformanceApp extends TestApp {
  /** Its language folder. */
  language: Language;
  /** Its items table. */
  table: string;
  /** Stops the app, drops its table and removes its folder. */
  close(): Promise<void>;
}

/** Replaces each key of `values` (which must occur in `text`) with its value. */
export function fillIn(text: string, values: Record<string, string>, what: string): string {
  let out = text;
  for (const [from, to] of Object.entries(values)) {
    if (!out.includes(from)) throw new Error(`${what} does not say ${from}`);
    out = out.replaceAll(from, to);
  }
  return out;
}

/**
 * Writes the app of `language` into a new temp folder: each Runnable's `.runnable.yaml` and
 * committed module, `static/`, and the shared Directive and Queries with the run's values.
 *
 * @returns the folder
 */
export async function prepareApp(
  language: Language,
  settings: RunSettings,
  table: string,
): Promise<string> {
  const source = join(CONFORMANCE_DIR, language);
  const dir = await Deno.makeTempDir({ prefix: `stratos-conformance-${language}-` });
  for (const runnable of await findRunnables(source)) {
    const target = join(dir, runnable.name);
    await Deno.mkdir(target);
    for (const file of [".runnable.yaml", `${runnable.name}.wasm`]) {
      await Deno.copyFile(join(runnable.dir, file), join(target, file));
    }
  }
  await copy(join(source, "static"), join(dir, "static"));
  const directive = await Deno.readTextFile(join(source, "Directive.yaml"));
  await Deno.writeTextFile(
    join(dir, "Directive.yaml"),
    fillIn(directive, {
      [PLACEHOLDERS.apiHost]: JSON.stringify(settings.apiHost),
      [PLACEHOLDERS.token]: JSON.stringify(settings.token),
      [PLACEHOLDERS.databaseUrl]: JSON.stringify(POSTGRES_URL),
    }, `${language}/Directive.yaml`),
  );
  const queries = await Deno.readTextFile(join(source, "Queries.yaml"));
  await Deno.writeTextFile(
    join(dir, "Queries.yaml"),
    fillIn(queries, { [PLACEHOLDERS.table]: table }, `${language}/Queries.yaml`),
  );
  return dir;
}

/** Creates a table of its own for `language`'s build, writes its folder and starts it. */
export async function startConformanceApp(
  language: Language,
  settings: RunSettings,
): Promise<ConformanceApp> {
  const table = uniqueName(`stratos_conformance_${language}`);
  const schema = await Deno.readTextFile(join(CONFORMANCE_DIR, "schema.sql"));
  await applySchema(POSTGRES_URL, fillIn(schema, { [PLACEHOLDERS.table]: table }, "schema.sql"));
  let dir: string | undefined;
  try {
    dir = await prepareApp(language, settings, table);
    const app = await startApp(dir);
    const folder = dir;
    return {
      ...app,
      language,
      table,
      async close() {
        try {
          await app.stop();
        } finally {
          await dropTables("postgresql", [table]);
          await Deno.remove(folder, { recursive: true });
        }
      },
    };
  } catch (error) {
    await dropTables("postgresql", [table]);
    if (dir) await Deno.remove(dir, { recursive: true });
    throw error;
  }
}
