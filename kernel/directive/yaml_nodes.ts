/**
 * Reading single YAML nodes (npm:yaml) the way Go's yaml.v2 reads them, and naming them in
 * messages.
 *
 * @module
 */

import type { Scalar } from "yaml";
import { YAML } from "./yaml_library.ts";

const { isMap, isScalar, isSeq } = YAML;

/** Whether a node is absent or a YAML null. */
export function isNull(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

/**
 * A scalar as text, the way Go's yaml.v2 fills a string field: a string as is, anything else by
 * its source text (`1.10`, `yes`, `404`).
 */
export function scalarText(node: Scalar): string {
  return typeof node.value === "string" ? node.value : node.source ?? String(node.value);
}

/** How a node reads in a message: `a string`, `an integer`, `a list`, `a map`, `null`, ... */
export function describe(node: unknown): string {
  if (isNull(node)) return "null";
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (!isScalar(node)) return "an unknown value";
  const value = node.value;
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "a boolean";
  return value instanceof Date ? "a timestamp" : "a value";
}
