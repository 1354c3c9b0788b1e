/**
 * A document that is not what it should be at all (a list or a scalar at the top, or a map none
 * of whose keys is, or resembles, a known one) is said to be so in one problem, instead of the
 * many that decoding it would list: every required key missing, every key unknown.
 *
 * @module
 */

import { YAML } from "./yaml_library.ts";
import { closestName } from "./did_you_mean.ts";
import type { ObjectShape } from "./shape.ts";
import type { YamlDocument } from "./yaml_document.ts";
import { describe, isNull, scalarText } from "./yaml_nodes.ts";

const { isMap, isScalar } = YAML;

/** How many of a foreign map's keys the message names. */
const KEYS_NAMED = 5;

/**
 * Why `yaml` is not a document of `shape` at all, or `undefined` when it may be one (then its
 * problems, if any, are found by decoding it). An empty document may be one.
 */
export function foreignDocument(yaml: YamlDocument, shape: ObjectShape): string | undefined {
  const root = yaml.root;
  if (isNull(root)) return undefined;
  const verdict = `this is not a ${shape.name}`;
  if (!isMap(root)) return `expected a map at the top level, found ${describe(root)}: ${verdict}`;
  const keys = root.items.flatMap(({ key }) =>
    isScalar(key) && key.source !== "<<" ? [scalarText(key)] : []
  );
  const known = Object.keys(shape.fields);
  if (keys.length === 0 || keys.some((key) => closestName(key, known) !== undefined)) {
    return undefined;
  }
  const named = keys.slice(0, KEYS_NAMED).map((key) => `'${key}'`).join(", ");
  const more = keys.length > KEYS_NAMED ? ` and ${keys.length - KEYS_NAMED} more` : "";
  return `none of the top-level keys is a ${shape.name} key (found ${named}${more}): ${verdict}`;
}
