/**
 * Loading a Directive: parse the YAML (with positions), decode it by the schema, check it with
 * every Atmo rule, and return the typed Directive, its capabilities and the warnings, or throw a
 * `DirectiveError` listing the problems.
 *
 * @module
 */

import type { Problem } from "../errors.ts";
import { CheckContext } from "./check_context.ts";
import { checkDirective } from "./check_directive.ts";
import { Decoder } from "./decoder.ts";
import { denoEnv, type EnvReader } from "./env.ts";
import { foreignDocument } from "./foreign_document.ts";
import { Locations } from "./locations.ts";
import type { QuerySource } from "./queries.ts";
import { maxProblemsFromEnv, Report } from "./report.ts";
import { directiveShape, queriesFileShape, type RawQuery } from "./schema.ts";
import type { CapabilityConfig, Directive, Runnable } from "./types.ts";
import { YamlDocument } from "./yaml_document.ts";

/** A Directive's text and where it came from. */
export interface DirectiveSource {
  /** Path as shown in messages, e.g. `examples/hello/Directive.yaml`. */
  path: string;
  /** YAML text. */
  text: string;
  /** An optional `Queries.yaml` next to it; only its `queries:` key is used. */
  queries?: { path: string; text: string };
}

/** Options of {@link loadDirective}. */
export interface LoadOptions {
  /**
   * Reads environment variables for `env(NAME)`; default `Deno.env.get` (unset without
   * permission). `false` where the environment is not the one the app will run with (building a
   * bundle): `env(NAME)` values are then left empty and an unset variable is no problem.
   */
  env?: EnvReader | false;
  /** Runnables found in the project folder, used when the Directive lists no `runnables`. */
  runnables?: Runnable[];
  /** Most problems a {@link DirectiveError} lists; default `STRATOS_MAX_PROBLEMS`, else 100. */
  maxProblems?: number;
  /**
   * Whether a plugin provides the stream source `source` (one other than Atmo's `nats` and
   * `kafka`); by default no other source exists, as in Atmo.
   */
  providedSource?(source: string): boolean;
}

/** A loaded Directive. */
export interface LoadedDirective {
  /** Validated, with defaults, FQFNs, typed queries and `env(NAME)` values resolved. */
  directive: Directive;
  /** The resolved capability configuration. */
  capabilities: CapabilityConfig;
  /** Warnings (unknown keys, unset environment variables, ...), sorted by position. */
  warnings: Problem[];
}

/**
 * Loads and validates a Directive. Throws `DirectiveError` listing the problems (the first
 * `maxProblems` of them, counting the rest), sorted by position, with the warnings among them
 * (marked `warning: `) since they often explain an error; never throws anything else, whatever
 * the input. A file that is no Directive at all (a list, or a map of foreign keys) is one problem.
 */
export function loadDirective(source: DirectiveSource, options: LoadOptions = {}): LoadedDirective {
  const maxProblems = options.maxProblems ?? maxProblemsFromEnv(denoEnv);
  const queriesFile = source.queries;
  const report = new Report(queriesFile ? [source.path, queriesFile.path] : [source.path]);
  const yaml = YamlDocument.parse(source.path, source.text, report);
  const queriesYaml = queriesFile && YamlDocument.parse(queriesFile.path, queriesFile.text, report);
  if (!yaml || (queriesFile && !queriesYaml)) throw report.failure(maxProblems);
  for (
    const [document, shape] of [[yaml, directiveShape], [queriesYaml, queriesFileShape]] as const
  ) {
    const foreign = document && foreignDocument(document, shape);
    if (foreign) report.error(document.locate(document.root), foreign);
  }
  if (report.failed) throw report.failure(maxProblems);

  const context = contextFor(yaml, report);
  const raw = new Decoder(yaml, report, context.locations).decodeRoot(directiveShape);
  const queries = querySources(raw.queries, context.check);
  if (queriesYaml) {
    const queriesContext = contextFor(queriesYaml, report);
    const file = new Decoder(queriesYaml, report, queriesContext.locations)
      .decodeRoot(queriesFileShape);
    queries.push(...querySources(file.queries, queriesContext.check));
  }
  const { directive, capabilities } = checkDirective({
    raw,
    context: context.check,
    queries,
    discovered: options.runnables ?? [],
    env: options.env ?? denoEnv,
    providedSource: options.providedSource,
  });
  if (report.failed) throw report.failure(maxProblems);
  return { directive, capabilities, warnings: report.warnings() };
}

function querySources(
  queries: (RawQuery | undefined)[] = [],
  context: CheckContext,
): (QuerySource | undefined)[] {
  return queries.map((query, i) => query && { query, context, path: ["queries", i] });
}

function contextFor(yaml: YamlDocument, report: Report) {
  const locations = new Locations({ file: yaml.file, line: 1, col: 1 });
  return { locations, check: new CheckContext(report, locations) };
}
