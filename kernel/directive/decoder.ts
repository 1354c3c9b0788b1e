/**
 * Decodes YAML nodes by {@link Shape}: values of the wrong type are errors at their position
 * (never exceptions); an unknown key that is a near miss of a known one (at most two edits away,
 * ignoring case) is an error with a "did you mean" hint, since what it meant to say is then lost
 * silently; any other unknown key is a warning. The position of every decoded value is recorded
 * by path for later messages.
 *
 * @module
 */

import type { YAMLMap } from "yaml";
import { YAML } from "./yaml_library.ts";
import { closestName } from "./did_you_mean.ts";
import type { Locations, Path } from "./locations.ts";
import type { Report } from "./report.ts";
import {
  expected,
  type Infer,
  type ListShape,
  type MapShape,
  type ObjectShape,
  type Shape,
  zeroValue,
} from "./shape.ts";
import type { YamlDocument } from "./yaml_document.ts";
import { describe, isNull, scalarText } from "./yaml_nodes.ts";

const { isMap, isScalar, isSeq } = YAML;

/** Renders a path as in messages: `handlers[0].steps[1].with`. */
export function formatPath(path: Path): string {
  return path.map((part, i) => typeof part === "number" ? `[${part}]` : i ? `.${part}` : part)
    .join("");
}

/** Decodes one YAML document. */
export class Decoder {
  readonly #yaml: YamlDocument;
  readonly #report: Report;
  readonly #locations: Locations;

  /**
   * @param yaml the document
   * @param report where type errors, near-miss keys and unknown-key warnings go
   * @param locations where the position of every decoded value is recorded
   */
  constructor(yaml: YamlDocument, report: Report, locations: Locations) {
    this.#yaml = yaml;
    this.#report = report;
    this.#locations = locations;
  }

  /** Decodes the whole document; an empty document is an empty object. */
  decodeRoot<S extends ObjectShape>(shape: S): Infer<S> {
    return (this.#decode(this.#yaml.root, shape, []) ?? {}) as Infer<S>;
  }

  /**
   * Decodes `node` at `path`. Returns `undefined` for null (absent) and for a value of the wrong
   * type (reported).
   */
  decode<S extends Shape>(node: unknown, shape: S, path: Path): Infer<S> | undefined {
    return this.#decode(node, shape, path) as Infer<S> | undefined;
  }

  #decode(node: unknown, shape: Shape, path: Path): unknown {
    const target = this.#yaml.deref(node);
    return isNull(target) ? undefined : this.#decodeTarget(node, target, shape, path);
  }

  #decodeTarget(node: unknown, target: unknown, shape: Shape, path: Path): unknown {
    const value = isScalar(target) ? target.value : undefined;
    switch (shape.kind) {
      case "string":
        if (isScalar(target)) return scalarText(target);
        break;
      case "integer":
        if (Number.isInteger(value)) return value;
        break;
      case "number":
        if (Number.isFinite(value)) return value;
        break;
      case "boolean":
        if (typeof value === "boolean") return value;
        break;
      case "any":
        return this.#yaml.toPlain(target);
      case "list":
        if (isSeq(target)) return this.#list(target.items, shape, path);
        break;
      case "map":
        if (isMap(target)) return this.#map(target, shape, path);
        break;
      case "object":
        if (isMap(target)) return this.#object(target, shape, path);
        break;
      case "stringOrObject":
        if (isScalar(target)) return scalarText(target);
        if (isMap(target)) return this.#object(target, shape.object, path);
        break;
    }
    this.#locations.markInvalid(path);
    const where = path.length > 0 ? `for '${formatPath(path)}'` : "at the top level";
    this.#report.error(
      this.#yaml.locate(node),
      `expected ${expected(shape)} ${where}, found ${describe(target)}`,
    );
    return undefined;
  }

  #list(items: unknown[], shape: ListShape, path: Path): unknown[] {
    return items.map((item, i) => {
      const itemPath = [...path, i];
      this.#locations.set(itemPath, this.#yaml.locate(item));
      const target = this.#yaml.deref(item);
      return isNull(target)
        ? zeroValue(shape.item)
        : this.#decodeTarget(item, target, shape.item, itemPath);
    });
  }

  #map(node: YAMLMap, shape: MapShape, path: Path): Record<string, unknown> {
    const decoded: Record<string, unknown> = {};
    for (const { keyNode, key, value } of this.#yaml.entries(node)) {
      const code = keyNode.value;
      if (shape.integerKeys && !Number.isInteger(code)) {
        this.#report.error(
          this.#yaml.locate(keyNode),
          `expected an integer key in '${formatPath(path)}', found '${key}'`,
        );
        continue;
      }
      const name = shape.integerKeys ? String(code) : key;
      const entryPath = [...path, name];
      this.#locations.set(entryPath, this.#yaml.locate(isNull(value) ? keyNode : value));
      const decodedValue = this.#decode(value, shape.value, entryPath) ??
        (isNull(value) ? zeroValue(shape.value) : undefined);
      if (decodedValue !== undefined) defineOwn(decoded, name, decodedValue);
    }
    return decoded;
  }

  #object(node: YAMLMap, shape: ObjectShape, path: Path): Record<string, unknown> {
    const decoded: Record<string, unknown> = {};
    for (const { keyNode, key, value } of this.#yaml.entries(node)) {
      if (!Object.hasOwn(shape.fields, key)) {
        const hint = closestName(key, Object.keys(shape.fields));
        const at = this.#yaml.locate(keyNode);
        const message = `unknown key '${key}' in ${shape.name}`;
        if (hint) this.#report.error(at, `${message} (did you mean '${hint}'?)`);
        else this.#report.warn(at, message);
        continue;
      }
      const fieldPath = [...path, key];
      this.#locations.set(fieldPath, this.#yaml.locate(isNull(value) ? keyNode : value));
      const decodedValue = this.#decode(value, shape.fields[key], fieldPath);
      if (decodedValue !== undefined) decoded[key] = decodedValue;
    }
    return decoded;
  }
}

/** Sets an own property, even one called `__proto__`. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
