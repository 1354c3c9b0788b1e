/**
 * Where each decoded value of a Directive came from, by its path (`["handlers", 0, "resource"]`).
 *
 * @module
 */

import type { SourceLocation } from "../errors.ts";

/** A path into a decoded document: map keys and list indices. */
export type Path = readonly (string | number)[];

/**
 * Source locations by path; a lookup falls back to the nearest recorded ancestor. Also remembers
 * the paths whose value had the wrong type, so that they are reported only once.
 */
export class Locations {
  readonly #byPath = new Map<string, SourceLocation>();
  readonly #invalid = new Set<string>();
  readonly #root: SourceLocation;

  /** @param root where the document starts (the fallback for everything) */
  constructor(root: SourceLocation) {
    this.#root = root;
  }

  /** Records where the value at `path` is. */
  set(path: Path, at: SourceLocation): void {
    this.#byPath.set(path.join("\0"), at);
  }

  /** Marks the value at `path` as having had the wrong type (already reported). */
  markInvalid(path: Path): void {
    this.#invalid.add(path.join("\0"));
  }

  /** Whether the value at `path` had the wrong type. */
  isInvalid(path: Path): boolean {
    return this.#invalid.has(path.join("\0"));
  }

  /** Where the value at `path` is, or else its nearest recorded ancestor. */
  find(path: Path): SourceLocation {
    for (let length = path.length; length > 0; length--) {
      const at = this.#byPath.get(path.slice(0, length).join("\0"));
      if (at) return at;
    }
    return this.#root;
  }
}
