/**
 * Helpers for the unit tests of this folder: decode a Directive text and read back what was
 * reported, as `line:col: message` lines.
 *
 * @module
 */

import { CheckContext } from "./check_context.ts";
import { Decoder } from "./decoder.ts";
import { Locations } from "./locations.ts";
import { Report } from "./report.ts";
import { directiveShape, type RawDirective } from "./schema.ts";
import { YamlDocument } from "./yaml_document.ts";

/** The file name fixtures are reported under. */
const FIXTURE = "D.yaml";

/** A decoded fixture and what decoding it reported. */
export interface Fixture {
  /** The decoded Directive. */
  raw: RawDirective;
  /** Reports into `report` at the fixture's positions. */
  context: CheckContext;
  /** What was reported. */
  report: Report;
}

/** Decodes `text` as `D.yaml`; throws if the YAML itself is invalid. */
export function decodeFixture(text: string): Fixture {
  const report = new Report([FIXTURE]);
  const yaml = YamlDocument.parse(FIXTURE, text, report);
  if (!yaml) throw new Error(`invalid fixture: ${lines(report).join("; ")}`);
  const locations = new Locations({ file: FIXTURE, line: 1, col: 1 });
  const raw = new Decoder(yaml, report, locations).decodeRoot(directiveShape);
  return { raw, context: new CheckContext(report, locations), report };
}

/** Errors then warnings (marked `warning: `), sorted, as `line:col: message`. */
export function lines(report: Report): string[] {
  return report.all().map((p) => `${p.line}:${p.col}: ${p.message}`);
}
