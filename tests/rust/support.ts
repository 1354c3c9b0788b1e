/**
 * Test support for the Rust Runnables of examples/rust: a copy of the example app whose notes
 * table has a name of its own (created in the shared PostgreSQL and dropped by `close`), served
 * in the test process.
 *
 * @module
 */

import { applySchema } from "../../examples/data/setup.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { copy } from "../support/copy.ts";
import { dropTables, POSTGRES_URL, uniqueName } from "../support/databases.ts";

/** The example's folder. */
export const RUST_EXAMPLE: string = new URL("../../examples/rust/", import.meta.url).pathname;

/** Rust Runnables made for the tests (misbehaving on purpose). */
export const RUST_FIXTURES: string = new URL("./fixtures/", import.meta.url).pathname;

/** The example's table, as its Queries.yaml and schema.sql name it. */
const TABLE = "stratos_rust_notes";

/** The example app, running. */
export interface RustApp extends TestApp {
  /** Its notes table. */
  table: string;
  /** The request's status, Content-Type and body, for exact comparisons. */
  call(path: string, init?: RequestInit): Promise<Answer>;
  /** Per-module counters from `/meta/metrics`, by the name of the Runnable. */
  moduleStats(): Promise<Record<string, ModuleCounters>>;
  /** Stops the app and drops its table. */
  close(): Promise<void>;
}

/** What a request got back. */
export interface Answer {
  /** HTTP status. */
  status: number;
  /** `Content-Type`. */
  type: string | null;
  /** Body text. */
  body: string;
}

/** Stratos's counters of one module. */
export interface ModuleCounters {
  instances: number;
  busy: number;
  waiting: number;
  max: number;
  invocations: number;
  failures: number;
}

/**
 * Copies examples/rust to a temp folder with its table renamed and `env(DATABASE_URL)` replaced
 * by the shared server's URL, creates the table, and starts the app.
 */
export async function startRustExample(): Promise<RustApp> {
  const table = uniqueName("stratos_rust_notes");
  const dir = await Deno.makeTempDir({ prefix: "stratos-rust-" });
  await copy(RUST_EXAMPLE, dir);
  const edit = async (file: string, from: string, to: string) => {
    const text = await Deno.readTextFile(`${dir}/${file}`);
    if (!text.includes(from)) throw new Error(`${file} of examples/rust does not say ${from}`);
    await Deno.writeTextFile(`${dir}/${file}`, text.replaceAll(from, to));
  };
  await edit("Queries.yaml", TABLE, table);
  await edit("schema.sql", TABLE, table);
  await edit("Directive.yaml", "env(DATABASE_URL)", JSON.stringify(POSTGRES_URL));
  await applySchema(POSTGRES_URL, await Deno.readTextFile(`${dir}/schema.sql`));
  let app: TestApp;
  try {
    app = await startApp(dir);
  } catch (error) {
    await dropTables("postgresql", [table]);
    throw error;
  }
  return {
    ...app,
    table,
    async call(path, init) {
      const response = await fetch(app.url + path, init);
      const type = response.headers.get("content-type");
      return { status: response.status, type, body: await response.text() };
    },
    async moduleStats() {
      const metrics = await (await fetch(app.url + "/meta/metrics")).json();
      const byName: Record<string, ModuleCounters> = {};
      for (const [fqfn, counters] of Object.entries(metrics.modules)) {
        // com.stratos.rust#default::hello@v0.1.0 → hello
        const name = /#(?:default::)?(.+)@/.exec(fqfn)?.[1] ?? fqfn;
        byName[name] = counters as ModuleCounters;
      }
      return byName;
    },
    async close() {
      try {
        await app.stop();
      } finally {
        await dropTables("postgresql", [table]);
      }
    },
  };
}

/**
 * Writes `directive` (YAML) and the modules `names` (from examples/rust or tests/rust/fixtures,
 * as top-level `<name>.wasm` files) into a new temp folder.
 *
 * @returns the folder's path
 */
export async function rustModulesApp(directive: string, names: string[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-rust-" });
  await Deno.writeTextFile(`${dir}/Directive.yaml`, directive);
  for (const name of names) {
    const from = [RUST_EXAMPLE, RUST_FIXTURES].map((root) => `${root}${name}/${name}.wasm`);
    const found = from.find(isFile);
    if (!found) throw new Error(`no Rust Runnable ${name} in ${from.join(" or ")}`);
    await Deno.copyFile(found, `${dir}/${name}.wasm`);
  }
  return dir;
}

/** A Directive of one-step `POST` handlers: `/<route>` runs the Runnable of the same name. */
export function postDirective(routes: Record<string, string>, extra = ""): string {
  const handlers = Object.entries(routes).map(([resource, fn]) =>
    `  - type: request\n    resource: ${resource}\n    method: POST\n${extra}` +
    `    steps:\n      - fn: ${fn}\n`
  );
  return "identifier: com.stratos.rusttest\nappVersion: v0.1.0\natmoVersion: v0.4.7\n" +
    `handlers:\n${handlers.join("")}`;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
