/**
 * The Directive of a new app, and the edit `stratos new runnable` makes to an existing one: a
 * `POST /<name>` handler running the new Runnable (and, when the Directive lists its
 * `runnables:`, the Runnable in that list). The edit goes through npm:yaml's Document, which
 * keeps comments, blank lines and the styles of what it does not touch.
 *
 * @module
 */

import { isMap, isSeq, parseDocument, type YAMLMap, YAMLSeq } from "yaml";
import { BuildError } from "../build/mod.ts";

/** How the edited Directive is written: as close to how it was read as npm:yaml allows. */
const WRITE_OPTIONS = { flowCollectionPadding: false, lineWidth: 0 } as const;

/** The Directive of a new app `name` whose Runnable `runnable` answers `POST /<runnable>`. */
export function newDirective(name: string, runnable: string): string {
  return `# What Stratos serves: the app's identity and its handlers. The Runnables are found in the
# folders next to this file (<name>/.runnable.yaml); \`stratos new runnable NAME\` adds one with
# its handler.
identifier: com.example.${name}
appVersion: v0.1.0
atmoVersion: v0.4.7

handlers:
  - type: request
    resource: /${runnable}
    method: POST
    steps:
      - fn: ${runnable}
`;
}

/**
 * Adds a `POST /<name>` handler running `name` to the Directive `text`, and `name` to its
 * `runnables:` list when it has one.
 *
 * @param path the Directive's path, for messages
 * @returns the new text; every line of `text` outside the edited lists is kept as it was
 * @throws BuildError when the Directive cannot be read as YAML, or already routes `POST /<name>`
 */
export function addHandler(text: string, path: string, name: string, lang: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new BuildError(`${path}: cannot add a handler: ${doc.errors[0].message}`);
  }
  if (!isMap(doc.contents)) {
    throw new BuildError(`${path}: cannot add a handler: the Directive is not a map`);
  }
  const handlers = list(doc.contents, "handlers", path);
  const route = `/${name}`;
  if (
    handlers.items.some((h) =>
      isMap(h) && h.get("resource") === route && h.get("method") === "POST"
    )
  ) {
    throw new BuildError(`${path}: a handler for POST ${route} is already there`);
  }
  const handler = doc.createNode({
    type: "request",
    resource: route,
    method: "POST",
    steps: [{ fn: name }],
  });
  // A blank line sets it apart from the handler before it.
  handler.spaceBefore = handlers.items.length > 0;
  handlers.add(handler);
  const runnables: unknown = doc.contents.get("runnables");
  if (isSeq(runnables) && runnables.items.length > 0) {
    runnables.add(doc.createNode({ name, namespace: "default", lang }));
  }
  return doc.toString(WRITE_OPTIONS);
}

/** The list under `key` of `map`, made when it is absent. */
function list(map: YAMLMap, key: string, path: string): YAMLSeq {
  const value = map.get(key);
  if (isSeq(value)) return value;
  if (value !== undefined && value !== null) {
    throw new BuildError(`${path}: cannot add a handler: '${key}' is not a list`);
  }
  const made = new YAMLSeq();
  map.set(key, made);
  return made;
}
