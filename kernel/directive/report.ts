/**
 * Collects the errors and warnings found while loading a Directive.
 *
 * @module
 */

import { DirectiveError, type Problem, type SourceLocation } from "../errors.ts";

/** How many problems a {@link DirectiveError} lists unless `STRATOS_MAX_PROBLEMS` says otherwise. */
export const DEFAULT_MAX_PROBLEMS = 100;

/**
 * How many problems to list: `STRATOS_MAX_PROBLEMS` (a positive integer), else
 * {@link DEFAULT_MAX_PROBLEMS}.
 */
export function maxProblemsFromEnv(env: (name: string) => string | undefined): number {
  const raw = env("STRATOS_MAX_PROBLEMS")?.trim() ?? "";
  const value = Number(raw);
  return /^[0-9]+$/.test(raw) && value >= 1 ? value : DEFAULT_MAX_PROBLEMS;
}

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

  /**
   * The error listing the first `limit` problems of {@link all} (by position) and counting the
   * others, so that a file with thousands of problems is reported in bounded time and space.
   */
  failure(limit: number): DirectiveError {
    const problems = this.all();
    return new DirectiveError(problems.slice(0, limit), Math.max(0, problems.length - limit));
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
