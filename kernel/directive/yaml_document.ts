/**
 * A parsed YAML file with source positions (npm:yaml `parseDocument` + `LineCounter`), and the
 * few node operations the Directive decoder needs: alias resolution with cycle and expansion
 * guards, `<<` merge keys, scalar text as Go's yaml.v2 sees it, and plain conversion.
 *
 * YAML 1.1 is used, as by Go's `gopkg.in/yaml.v2`: `yes`/`on` are booleans, `<<` merges.
 *
 * @module
 */

import type { LineCounter, Scalar, YAMLMap } from "yaml";
import type { SourceLocation } from "../errors.ts";
import type { Report } from "./report.ts";
import { YAML } from "./yaml_library.ts";
import { describe, scalarText } from "./yaml_nodes.ts";

const { isAlias, isMap, isScalar, isSeq, parseDocument, visit } = YAML;

/** Nodes visited (aliases expanded) before a document is refused as too large. */
const MAX_VISITS = 200_000;

/** One entry of a YAML map: its key as text, the key node and the value node. */
export interface MapEntry {
  /** The key as text (a non-string scalar key by its source, e.g. `404`, `on`). */
  key: string;
  /** The key node (for its position and, e.g., integer keys). */
  keyNode: Scalar;
  /** The value node, possibly an alias or null. */
  value: unknown;
}

/** A parsed YAML file; problems found while reading it go to the report. */
export class YamlDocument {
  /** Path of the file as shown in messages. */
  readonly file: string;
  /** The top-level node (`null` for an empty file). */
  readonly root: unknown;
  readonly #lines: LineCounter;
  readonly #resolve: (alias: unknown) => unknown;
  readonly #report: Report;
  #visits = 0;

  private constructor(
    file: string,
    root: unknown,
    lines: LineCounter,
    resolve: (alias: unknown) => unknown,
    report: Report,
  ) {
    this.file = file;
    this.root = root;
    this.#lines = lines;
    this.#resolve = resolve;
    this.#report = report;
  }

  /**
   * Parses `text`. Syntax errors (with their positions) go to `report` and make the result
   * `undefined`; YAML warnings (e.g. unknown tags) are reported as warnings.
   */
  static parse(file: string, text: string, report: Report): YamlDocument | undefined {
    const lines = new YAML.LineCounter();
    const at = (offset: number): SourceLocation => ({ file, ...lines.linePos(offset) });
    let doc: ReturnType<typeof parseDocument>;
    try {
      doc = parseDocument(text, {
        lineCounter: lines,
        prettyErrors: false,
        uniqueKeys: true,
        version: "1.1",
      });
    } catch (error) {
      report.error(at(0), `invalid YAML: ${error instanceof Error ? error.message : error}`);
      return undefined;
    }
    for (const e of doc.errors) report.error(at(e.pos[0]), `invalid YAML: ${e.message}`);
    for (const w of doc.warnings) report.warn(at(w.pos[0]), w.message);
    if (doc.errors.length > 0) return undefined;
    return new YamlDocument(file, doc.contents, lines, anchorResolver(doc), report);
  }

  /** Where `node` starts (the start of the file for a node without a range). */
  locate(node: unknown): SourceLocation {
    const start = (node as { range?: [number] } | null)?.range?.[0] ?? 0;
    return { file: this.file, ...this.#lines.linePos(start) };
  }

  /**
   * The node itself, or the node an alias points to. `undefined` for an unknown alias or once
   * the document has expanded to too many nodes (both reported once, as errors).
   */
  deref(node: unknown): unknown {
    if (++this.#visits === MAX_VISITS) {
      this.#report.error(
        this.locate(node),
        `the document expands to more than ${MAX_VISITS} nodes; check its aliases (*name)`,
      );
    }
    if (this.#visits >= MAX_VISITS) return undefined;
    if (!isAlias(node)) return node;
    const target = this.#resolve(node);
    if (target === undefined) {
      this.#report.error(this.locate(node), `unknown alias *${node.source}`);
    }
    return target;
  }

  /**
   * The entries of a map, in order, with `<<` merge keys expanded (keys given explicitly win,
   * then merged maps in order). Non-scalar keys are reported and skipped.
   */
  entries(map: YAMLMap, merging: Set<YAMLMap> = new Set([map])): MapEntry[] {
    const entries: MapEntry[] = [];
    const merged: MapEntry[] = [];
    for (const pair of map.items) {
      const keyNode = this.deref(pair.key);
      if (!isScalar(keyNode)) {
        this.#report.error(
          this.locate(pair.key ?? pair.value),
          `expected a string key, found ${describe(keyNode)}`,
        );
      } else if (keyNode.source === "<<" && keyNode.type === "PLAIN") {
        merged.push(...this.#mergeSources(pair.value, merging));
      } else {
        entries.push({ key: scalarText(keyNode), keyNode, value: pair.value });
      }
    }
    const seen = new Set(entries.map((entry) => entry.key));
    for (const entry of merged) {
      if (!seen.has(entry.key)) entries.push(entry);
      seen.add(entry.key);
    }
    return entries;
  }

  #mergeSources(value: unknown, merging: Set<YAMLMap>): MapEntry[] {
    const node = this.deref(value);
    const sources = isSeq(node) ? node.items.map((item) => this.deref(item)) : [node];
    const entries: MapEntry[] = [];
    for (const source of sources) {
      if (!isMap(source)) {
        this.#report.error(
          this.locate(value),
          `expected a map or a list of maps to merge with '<<', found ${describe(source)}`,
        );
      } else if (merging.has(source)) {
        this.#report.error(this.locate(value), "a map cannot merge itself with '<<'");
      } else {
        entries.push(...this.entries(source, new Set([...merging, source])));
      }
    }
    return entries;
  }

  /**
   * Plain JavaScript value of a node (for free-form values such as plugin configuration).
   * Recursive aliases are reported and become `null`.
   */
  toPlain(node: unknown, ancestors: Set<unknown> = new Set()): unknown {
    const target = this.deref(node);
    if (ancestors.has(target)) {
      this.#report.error(this.locate(node), "an alias cannot refer to a node that contains it");
      return null;
    }
    if (isScalar(target)) return target.value;
    if (!isSeq(target) && !isMap(target)) return null;
    ancestors.add(target);
    const plain = isSeq(target)
      ? target.items.map((item) => this.toPlain(item, ancestors))
      : Object.fromEntries(
        this.entries(target).map((entry) => [entry.key, this.toPlain(entry.value, ancestors)]),
      );
    ancestors.delete(target);
    return plain;
  }
}

/**
 * Resolves aliases through an index of the anchors, built once: npm:yaml's `Alias.resolve` walks
 * the whole document for every alias, which is quadratic. An alias refers to the last anchor of
 * its name that starts before it.
 */
function anchorResolver(doc: Parameters<typeof visit>[0]): (alias: unknown) => unknown {
  const anchors = new Map<string, { start: number; node: unknown }[]>();
  visit(doc, (_key, node) => {
    const { anchor, range } = (node ?? {}) as { anchor?: string; range?: [number] };
    if (!anchor || !range) return;
    const list = anchors.get(anchor) ?? [];
    list.push({ start: range[0], node });
    anchors.set(anchor, list);
  });
  return (alias) => {
    if (!isAlias(alias)) return undefined;
    const start = alias.range?.[0] ?? Infinity;
    return anchors.get(alias.source)?.findLast((anchor) => anchor.start < start)?.node;
  };
}
