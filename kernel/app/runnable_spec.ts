/**
 * A Runnable folder's `.runnable.*` file (Subo's layout, usually `.runnable.yaml`): the Runnable's
 * `name` (default: the folder's name), `namespace` (default `default`), `lang` and versions. The
 * runtime reads it when it opens a project folder, and the build tools when they look for what to
 * compile.
 *
 * @module
 */

import { YAML } from "../directive/yaml_library.ts";
import type { Runnable } from "../directive/types.ts";
import { StratosError } from "../errors.ts";

/**
 * What a `.runnable.*` file says: `name` (the folder's name when absent or empty), `namespace`
 * (`default` when absent or empty), and `lang`, `version`, `draftVersion`, `apiVersion` when given.
 */
export type RunnableSpec = Pick<
  Runnable,
  "name" | "namespace" | "lang" | "version" | "draftVersion" | "apiVersion"
>;

/** The name of the `.runnable.*` file in the folder `dir` (a file or a link), if it has one. */
export async function runnableSpecFile(dir: string): Promise<string | undefined> {
  for await (const entry of Deno.readDir(dir)) {
    if ((entry.isFile || entry.isSymlink) && entry.name.startsWith(".runnable.")) return entry.name;
  }
  return undefined;
}

/**
 * Reads the text of a `.runnable.*` file; an empty file says nothing, so every value is its
 * default.
 *
 * @param path the file's path, for messages
 * @param text its content
 * @param folderName the name of the Runnable's folder (the default `name`)
 * @throws {StratosError} `STRATOS_ERR_RUNNABLE_SPEC_INVALID` when the text is not YAML or not a
 *   mapping
 */
export function parseRunnableSpec(path: string, text: string, folderName: string): RunnableSpec {
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (error) {
    throw invalid(`${path}: ${error instanceof Error ? error.message : error}`);
  }
  parsed ??= {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    const found = Array.isArray(parsed) ? "a list" : `a ${typeof parsed}`;
    throw invalid(`${path}: expected a YAML mapping (name, namespace, lang, ...), found ${found}`);
  }
  const fields = parsed as Record<string, unknown>;
  const stringField = (key: string) =>
    typeof fields[key] === "string" ? fields[key] as string : undefined;
  const spec: RunnableSpec = {
    name: stringField("name") || folderName,
    namespace: stringField("namespace") || "default",
  };
  for (const key of ["lang", "version", "draftVersion", "apiVersion"] as const) {
    const value = stringField(key);
    if (value !== undefined) spec[key] = value;
  }
  return spec;
}

function invalid(message: string): StratosError {
  return new StratosError("STRATOS_ERR_RUNNABLE_SPEC_INVALID", message);
}
