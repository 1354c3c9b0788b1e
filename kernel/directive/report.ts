/**
 * Collects the errors and warnings found while loading a Directive.
 *
 * @module
 */

import type { Problem, SourceLocation } from "../errors.ts";

/** Errors and warnings, each with its place, sorted by file (in the given order) then position. */
export class Report {
  readonly #files: string[];
  readonly #errors: Problem[] = [];
  readonly #warnings: Problem[] = [];

  /** @param files the files problems may point into, in the order they should be listed */
  constructor(files: string[]) {
    this.#files = files;
  }

  /** Records an error. */
  error(at: SourceLocation, message: string): void {
    this.#errors.push({ ...at, message });
  }

  /** Records a warning. */
  warn(at: SourceLocation, message: string): void {
    this.#warnings.push({ ...at, message });
  }

  /** Whether any error was recorded. */
  get failed(): boolean {
    return this.#errors.length > 0;
  }

  /** The warnings, sorted by position; warnings at the same position keep their order. */
  warnings(): Problem[] {
    return this.#sorted(this.#warnings);
  }

  /**
   * Errors and warnings together, sorted by position, each warning's message prefixed with
   * `warning: ` (so that a hint such as an unknown key is shown next to the error it explains).
   */
  all(): Problem[] {
    const warnings = this.#warnings.map((w) => ({ ...w, message: `warning: ${w.message}` }));
    return this.#sorted([...this.#errors, ...warnings]);
  }

  #sorted(problems: Problem[]): Problem[] {
    const rank = (file: string) => {
      const index = this.#files.indexOf(file);
      return index < 0 ? this.#files.length : index;
    };
    return problems.toSorted((a, b) =>
      rank(a.file) - rank(b.file) || a.line - b.line || a.col - b.col
    );
  }
}
