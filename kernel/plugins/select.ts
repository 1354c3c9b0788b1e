/**
 * Deciding which plugins an app needs, checking them against the kernel version and their
 * dependencies, and ordering them so every plugin is set up after what it depends on.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import type { LocatedManifest } from "./manifest.ts";

/** What an app uses, as far as plugin selection is concerned. */
export interface AppUsage {
  /** Handler sources in use (`request`, `server`, `nats`, `kafka`, `schedule`, `headless`). */
  sources: ReadonlySet<string>;
  /** Configured `connections:` keys. */
  connections: ReadonlySet<string>;
  /** `env` imports of the app's modules (Swift suffix removed). */
  imports: ReadonlySet<string>;
}

/** Whether `manifest` is needed by an app with `usage`. */
export function isNeeded(located: LocatedManifest, usage: AppUsage): boolean {
  const { manifest } = located;
  if (!located.builtin || manifest.always) return true;
  const provides = manifest.provides ?? {};
  return (provides.sources ?? []).some((s) => usage.sources.has(s)) ||
    (provides.connections ?? []).some((c) => usage.connections.has(c)) ||
    (provides.hostFunctions ?? []).some((f) => usage.imports.has(f));
}

/** Semver range checks, for the `kernel` field of third-party plugins. */
export interface RangeCheck {
  /** Whether `range` is a valid semver range. */
  validRange(range: string): boolean;
  /** Whether `version` is in `range`. */
  satisfies(version: string, range: string): boolean;
}

/**
 * Loads the semver library (npm `semver`) behind {@link RangeCheck}. Only apps with third-party
 * plugins need it, so it is not imported at start-up otherwise.
 */
export async function loadRangeCheck(): Promise<RangeCheck> {
  const { default: semver } = await import("semver");
  return {
    validRange: (range) => semver.validRange(range) !== null,
    satisfies: (version, range) => semver.satisfies(version, range),
  };
}

/**
 * Picks the needed plugins and their dependencies, in set-up order (dependencies first).
 * Built-in plugins ship with this kernel and are not range-checked; third-party ones are, with
 * `ranges` (required when there are any).
 * @throws {StratosError} `STRATOS_ERR_PLUGIN_DUPLICATE`, `STRATOS_ERR_PLUGIN_KERNEL_MISMATCH`,
 *   `STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING` or `STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE`
 */
export function selectPlugins(
  available: readonly LocatedManifest[],
  usage: AppUsage,
  kernelVersion: string,
  ranges?: RangeCheck,
): LocatedManifest[] {
  const byName = new Map<string, LocatedManifest>();
  for (const located of available) {
    const name = located.manifest.name;
    const previous = byName.get(name);
    if (previous) {
      throw new StratosError(
        "STRATOS_ERR_PLUGIN_DUPLICATE",
        `two plugins are named '${name}': ${previous.url.href} and ${located.url.href}`,
      );
    }
    byName.set(name, located);
  }
  const ordered: LocatedManifest[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (located: LocatedManifest, path: string[]) => {
    const name = located.manifest.name;
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      throw new StratosError(
        "STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE",
        `plugin dependencies form a cycle: ${[...path, name].join(" -> ")}`,
      );
    }
    if (!located.builtin) checkKernel(located, kernelVersion, ranges!);
    state.set(name, "visiting");
    for (const dep of located.manifest.dependencies ?? []) {
      const target = byName.get(dep);
      if (!target) {
        throw new StratosError(
          "STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING",
          `plugin '${name}' depends on plugin '${dep}', which is not available ` +
            `(add it with --plugin or the Directive's plugins: list)`,
        );
      }
      visit(target, [...path, name]);
    }
    state.set(name, "done");
    ordered.push(located);
  };
  for (const located of available) if (isNeeded(located, usage)) visit(located, []);
  return ordered;
}

function checkKernel(located: LocatedManifest, kernelVersion: string, ranges: RangeCheck): void {
  const { name, version, kernel } = located.manifest;
  if (!ranges.validRange(kernel)) {
    throw new StratosError(
      "STRATOS_ERR_PLUGIN_MANIFEST_INVALID",
      `${located.url.href}: 'kernel' must be a semver range such as "^1": found "${kernel}"`,
    );
  }
  if (!ranges.satisfies(kernelVersion, kernel)) {
    throw new StratosError(
      "STRATOS_ERR_PLUGIN_KERNEL_MISMATCH",
      `plugin '${name}' ${version} requires kernel ${kernel}, but this is kernel ${kernelVersion}`,
    );
  }
}
