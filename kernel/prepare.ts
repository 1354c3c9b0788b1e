/**
 * Preparing one version of an app: opening it (bundle or folder), reading and checking its
 * Directive against the plugins it names, compiling its modules, and importing the plugins it
 * needs — everything that can fail before anything is set up or listens. The runtime prepares
 * the first version at start and each later one when the app is reloaded.
 *
 * @module
 */

import { type AppModule, type AppSource, compileAppModules, openApp } from "./app/mod.ts";
import { loadDirective, type LoadedDirective } from "./directive/mod.ts";
import type { Directive, Runnable } from "./directive/types.ts";
import { StratosError } from "./errors.ts";
import type { RuntimeOptions } from "./options.ts";
import {
  type AppUsage,
  builtinManifests,
  type BuiltinPlugin,
  importPlugin,
  type LoadedPlugin,
  loadRangeCheck,
  type LocatedManifest,
  referencedManifest,
  selectPlugins,
} from "./plugins/mod.ts";
import { envImports } from "./wasm/mod.ts";

/** Version of the kernel plugins are checked against (`kernel` in plugin.json). */
export const KERNEL_VERSION = "1.0.0";

/** One version of an app, ready to be set up. */
export interface PreparedApp {
  /** Its files. */
  readonly app: AppSource;
  /** Its checked Directive (for a replica isolate: the HTTP handlers only). */
  readonly loaded: LoadedDirective;
  /** Its compiled modules. */
  readonly modules: AppModule[];
  /** The plugins it needs, imported, in set-up order. */
  readonly plugins: LoadedPlugin[];
  /**
   * What this version is called in logs: the Directive's identifier and appVersion, and a hash
   * of the Directive and the modules, e.g. `com.example.app v1.0.0 (3f2a9c01)`.
   */
  readonly version: string;
}

/**
 * Prepares the app at `opts.path` with the built-in plugins `builtins`; `replica` keeps only
 * what a replica isolate serves.
 */
export async function prepareApp(
  opts: RuntimeOptions,
  builtins: readonly BuiltinPlugin[],
  replica: boolean,
): Promise<PreparedApp & { warnings: LoadedDirective["warnings"] }> {
  const app = await openApp(opts.path, opts);
  // The Directive names plugins, and they may provide the stream sources its handlers use: it is
  // read accepting any source first, then its sources are checked against the plugins'.
  const runnables = [...app.runnables];
  const read = loadDirective(app.directive, { runnables, providedSource: () => true });
  const located = [
    ...builtinManifests(builtins),
    ...await userManifests(app, read.directive, opts.plugins),
  ];
  const validated = withProvidedSources(app, read, located, runnables);
  const loaded = replica ? httpOnly(validated) : validated;
  const modules = await compileAppModules(app, loaded.directive, {
    memoryCapMiB: opts.memoryCapMiB,
    tableCapElements: opts.tableCapElements,
  });
  const used = usage(loaded.directive, opts, modules);
  const ranges = located.some((l) => !l.builtin) ? await loadRangeCheck() : undefined;
  const selected = selectPlugins(located, used, KERNEL_VERSION, ranges);
  checkSources(used, selected);
  const plugins = await Promise.all(selected.map(importPlugin));
  const version =
    `${loaded.directive.identifier} ${loaded.directive.appVersion} (${await contentHash(app)})`;
  return { app, loaded, modules, plugins, version, warnings: validated.warnings };
}

/** The first 8 hex digits of a SHA-256 over the Directive's text and every module's bytes. */
async function contentHash(app: AppSource): Promise<string> {
  const parts = [
    new TextEncoder().encode(app.directive.text),
    ...app.modules.map((m) => m.bytes),
  ];
  const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    total.set(part, at);
    at += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", total));
  return [...digest.slice(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * `read` (the Directive read accepting any stream source) when a plugin provides every stream
 * source its handlers name; otherwise the Directive read again against the sources provided,
 * which fails naming each handler whose source does not exist, as Atmo does.
 */
function withProvidedSources(
  app: AppSource,
  read: LoadedDirective,
  located: readonly LocatedManifest[],
  runnables: Runnable[],
): LoadedDirective {
  const provided = new Set(located.flatMap((l) => l.manifest.provides?.sources ?? []));
  const unknown = (read.directive.handlers ?? []).some((h) =>
    h.type === "stream" && h.source !== undefined && h.source !== "server" &&
    !provided.has(h.source)
  );
  if (!unknown) return read;
  return loadDirective(app.directive, { runnables, providedSource: (s) => provided.has(s) });
}

/** What a replica isolate runs: the HTTP handlers (requests and WebSocket streams), no schedule. */
function httpOnly(loaded: LoadedDirective): LoadedDirective {
  const handlers = (loaded.directive.handlers ?? []).filter((h) =>
    h.type === "request" || !h.source || h.source === "server"
  );
  return { ...loaded, directive: { ...loaded.directive, handlers, schedules: [] } };
}

/** Which sources, connections and host functions the app uses. */
function usage(directive: Directive, opts: RuntimeOptions, modules: AppModule[]): AppUsage {
  const sources = new Set<string>();
  if (opts.headless) sources.add("headless");
  else {
    for (const h of directive.handlers ?? []) {
      sources.add(h.type === "request" ? "request" : h.source || "server");
    }
    if ((directive.schedules ?? []).length > 0) sources.add("schedule");
  }
  const imports = new Set(modules.flatMap(({ module }) => [...envImports(module)]));
  return { sources, connections: new Set(Object.keys(directive.connections ?? {})), imports };
}

/** Fails when the app uses a source no selected plugin provides (e.g. its plugin is missing). */
function checkSources(used: AppUsage, selected: LocatedManifest[]): void {
  const provided = new Set(selected.flatMap((p) => p.manifest.provides?.sources ?? []));
  const missing = [...used.sources].filter((source) => !provided.has(source));
  if (missing.length > 0) {
    throw new StratosError(
      "STRATOS_ERR_SOURCE_UNAVAILABLE",
      `the app uses source${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, ` +
        "which no available plugin provides",
    );
  }
}

/** Manifests of the plugins named in the Directive (relative to it) and on the command line. */
async function userManifests(
  app: AppSource,
  directive: Directive,
  cliPlugins: readonly string[],
): Promise<LocatedManifest[]> {
  const appBase = new URL(".", toFileURL(app.directive.path));
  const cwd = toFileURL(Deno.cwd() + "/");
  const refs = [
    ...(directive.plugins ?? []).map((ref) =>
      typeof ref === "string"
        ? referencedManifest(ref, appBase)
        : referencedManifest(ref.path, appBase, ref.config ?? {})
    ),
    ...cliPlugins.map((ref) => referencedManifest(ref, cwd)),
  ];
  return await Promise.all(refs);
}

function toFileURL(path: string): URL {
  return new URL(
    path.startsWith("/") ? `file://${path}` : `file://${Deno.cwd()}/${path}`,
  );
}
