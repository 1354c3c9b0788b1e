/**
 * Writes an Atmo bundle (`runnables.wasm.zip`, a zip file) from a project folder the way Subo
 * does: the Directive augmented with the `runnables` list (FQFNs computed) and the queries of
 * `Queries.yaml`, every module as `<name>.wasm` at the root, and `static/**`. Atmo and Stratos
 * both load the result.
 *
 * ```sh
 * deno run -A scripts/build/bundle.ts examples/hello             # writes examples/hello/runnables.wasm.zip
 * deno run -A scripts/build/bundle.ts examples/hello out.wasm.zip
 * ```
 *
 * @module
 */

import { type Zippable, zipSync } from "fflate";
import { parseDocument } from "yaml";
import { join, relative } from "node:path";
import { openProject } from "../../kernel/app/mod.ts";
import { formatFQFN, headlessPath } from "../../kernel/directive/fqfn.ts";

// A fixed timestamp keeps bundles byte-for-byte reproducible.
const MTIME = new Date("2022-05-05T00:00:00Z");

/** Builds the bundle bytes for the project folder `dir` (modules must be built already). */
export async function buildBundle(dir: string): Promise<Uint8Array> {
  const app = await openProject(dir);
  const doc = parseDocument(app.directive.text);
  const identifier = String(doc.get("identifier") ?? "");
  const appVersion = String(doc.get("appVersion") ?? "");
  doc.set(
    "runnables",
    app.runnables.map((r) => ({
      name: r.name,
      namespace: r.namespace,
      lang: r.lang ?? "",
      version: r.version ?? "",
      ...(r.apiVersion ? { apiVersion: r.apiVersion } : {}),
      fqfn: formatFQFN(identifier, r.namespace, r.name, appVersion),
      fqfnUri: headlessPath(identifier, r.namespace, r.name, appVersion),
    })),
  );
  if (app.directive.queries) {
    const queries = parseDocument(app.directive.queries.text).get("queries");
    if (queries !== undefined) doc.set("queries", queries);
  }
  const files: Zippable = {
    "Directive.yaml": [new TextEncoder().encode(doc.toString()), { mtime: MTIME }],
  };
  for (const module of app.modules) files[`${module.name}.wasm`] = [module.bytes, { mtime: MTIME }];
  for (const path of await staticFiles(join(dir, "static"))) {
    files[`static/${relative(join(dir, "static"), path)}`] = [await Deno.readFile(path), {
      mtime: MTIME,
    }];
  }
  return zipSync(files);
}

async function staticFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) found.push(...await staticFiles(path));
      else if (entry.isFile) found.push(path);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort();
}

if (import.meta.main) {
  const [dir, out] = Deno.args;
  if (!dir) {
    console.error("usage: deno run -A scripts/build/bundle.ts PROJECT_DIR [OUT.wasm.zip]");
    Deno.exit(2);
  }
  const target = out ?? join(dir, "runnables.wasm.zip");
  await Deno.writeFile(target, await buildBundle(dir));
  console.log(`wrote ${target}`);
}
