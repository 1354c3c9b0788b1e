/**
 * Reporting a problem about a decoded value by its path.
 *
 * @module
 */

import type { SourceLocation } from "../errors.ts";
import type { Locations, Path } from "./locations.ts";
import type { Report } from "./report.ts";

/** Reports errors and warnings at the position of the value at a path of one file. */
export class CheckContext {
  readonly #report: Report;
  readonly #locations: Locations;

  /**
   * @param report where problems go
   * @param locations positions of the decoded values of the file
   */
  constructor(report: Report, locations: Locations) {
    this.#report = report;
    this.#locations = locations;
  }

  /** Where the value at `path` (or its nearest ancestor) is. */
  at(path: Path): SourceLocation {
    return this.#locations.find(path);
  }

  /**
   * Reports an error at `path`, unless the value there had the wrong type: that was reported
   * already, and e.g. `steps: 5` should not also be reported as missing steps.
   */
  error(path: Path, message: string): void {
    if (!this.#locations.isInvalid(path)) this.#report.error(this.at(path), message);
  }

  /** Reports a warning at `path`. */
  warn(path: Path, message: string): void {
    this.#report.warn(this.at(path), message);
  }
}
