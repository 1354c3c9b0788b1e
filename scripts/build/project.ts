/**
 * The build task, like `subo build --native`: builds every Runnable of a project whatever its
 * language, and with `--bundle` writes an Atmo bundle that Stratos and Atmo load.
 *
 * ```sh
 * deno task build [PATH] [--bundle OUT.wasm.zip] [--check] [--install]
 * deno task build examples/conformance/go
 * deno task build examples/hello --bundle dist/hello.wasm.zip
 * deno task build examples/rust --check          # rebuild and compare, write nothing
 * ```
 *
 * A Runnable is a folder with a `.runnable.yaml` (Subo's layout) at or below `PATH` (default:
 * the current folder); its module is written to `<folder>/<name>.wasm`. The languages, by the
 * `lang` of `.runnable.yaml`:
 *
 * | `lang`                 | built by                                                          |
 * | ---------------------- | ----------------------------------------------------------------- |
 * | `assemblyscript`, `as` | `assemblyscript.ts` (the pinned npm `assemblyscript`)             |
 * | `rust`, `rs`           | `rust.ts` (Debian's rustc 1.63; `--install` gets it)              |
 * | `go`                   | `go.ts` (Go 1.24 or later, pinned to go1.26.8)                    |
 * | `wat`                  | `lib.wat` compiled with the pinned npm `wabt` (Subo's `wat2wasm`) |
 *
 * Subo's other languages (`tinygo`, `swift`, `grain`, `typescript`, `javascript`) are refused
 * before anything is built, with the reason ({@link UNSUPPORTED_LANGS}). Languages are built
 * concurrently, each language's Runnables one after the other. `--bundle` first makes sure the
 * bundle can be written (creating its missing folders), then, after the build, validates the
 * project's Directive (as Subo does; `env(NAME)` values are not needed) and writes the bundle
 * with `bundle.ts`. `--check` rebuilds and compares with the modules (and bundle) on
 * disk instead of writing; it exits 1 when one differs. A missing toolchain, a compiler error or
 * an invalid Directive is printed without a stack trace, with exit status 1; a usage error exits 2.
 *
 * @module
 */

import { dirname, join, relative, resolve } from "node:path";
import { openProject } from "../../kernel/app/mod.ts";
import { loadDirective } from "../../kernel/directive/mod.ts";
import { buildAssemblyScriptRunnable } from "./assemblyscript.ts";
import { buildBundle } from "./bundle.ts";
import {
  type BuiltModule,
  findRunnables,
  type RunnableInfo,
  storeBuilt,
  storeModule,
  verifyModule,
} from "./core.ts";
import { buildGoRunnable, GO_TOOLCHAIN, type GoBuildOptions, goVersion } from "./go.ts";
import {
  buildRustRunnable,
  checkRustToolchain,
  DEBIAN_TOOLCHAIN,
  persistentTargetDir,
  type RustBuildOptions,
} from "./rust.ts";
import { wat } from "./wat.ts";

/** The languages this build compiles. */
export type Language = "assemblyscript" | "rust" | "go" | "wat";

/** `lang` values of `.runnable.yaml` this build compiles (Subo's names and aliases). */
export const SUPPORTED_LANGS: Readonly<Record<string, Language>> = {
  assemblyscript: "assemblyscript",
  as: "assemblyscript",
  rust: "rust",
  rs: "rust",
  go: "go",
  wat: "wat",
};

/** Subo's other `lang` values, each with why this build does not compile it and what to use. */
export const UNSUPPORTED_LANGS: Readonly<Record<string, string>> = {
  tinygo: "TinyGo (Atmo's TinyGo SDK) is not supported: the TinyGo compiler has no Debian or npm " +
    "package for this project's machines, and Stratos builds Go Runnables with standard Go " +
    "instead; port the Runnable to sdk/go and set `lang: go`",
  swift: "Swift is not supported: the SwiftWasm toolchain has no Debian or npm package for this " +
    "project's machines",
  grain: "Grain is not supported: the Grain compiler has no Debian or npm package for this " +
    "project's machines",
  typescript: "Atmo's TypeScript/JavaScript Runnables (JavaScript run by QuickJS, built with " +
    "webpack and javy) are not supported; write TypeScript Runnables with the AssemblyScript " +
    "SDK (sdk/assemblyscript) and set `lang: assemblyscript`",
};

// Subo's aliases of the unsupported languages.
const UNSUPPORTED_ALIASES: Readonly<Record<string, string>> = {
  gr: "grain",
  ts: "typescript",
  js: "typescript",
  javascript: "typescript",
};

/** A problem the user can fix (missing toolchain, unknown language, ...): printed as is. */
export class BuildError extends Error {
  /** @param message what went wrong and what to do */
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}

/** The command line was not understood. */
export class UsageError extends BuildError {
  /** @param message what was wrong */
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = "UsageError";
  }
}

/** The command line's usage line. */
export const USAGE = "usage: deno task build [PATH] [--bundle OUT.wasm.zip] [--check] [--install]";

/** One module built (and written or checked) by {@link buildProject}. */
export interface ModuleReport extends BuiltModule {
  /** Its language. */
  language: Language;
  /** How long the build took, in milliseconds. */
  ms: number;
}

/** Options of {@link buildProject}. */
export interface ProjectBuildOptions {
  /** Compare with the modules on disk instead of writing them. */
  check?: boolean;
  /** Install Debian's Rust toolchain with apt-get when it is missing. */
  install?: boolean;
  /** How to call Go (`go` command, `GOTOOLCHAIN`). */
  go?: GoBuildOptions;
  /** Rust options (toolchain, download cache); `install` and the target folder are set here. */
  rust?: Omit<RustBuildOptions, "install" | "targetDir">;
  /** Called after each module, e.g. to print progress. */
  onModule?: (report: ModuleReport) => void;
}

/**
 * The language of a Runnable.
 *
 * @throws BuildError for a `lang` this build does not compile, saying why and what to use
 */
export function languageOf(runnable: RunnableInfo): Language {
  const lang = runnable.lang.toLowerCase();
  if (Object.hasOwn(SUPPORTED_LANGS, lang)) return SUPPORTED_LANGS[lang];
  const where = `${runnable.dir} (${runnable.name})`;
  const unsupported = Object.hasOwn(UNSUPPORTED_ALIASES, lang) ? UNSUPPORTED_ALIASES[lang] : lang;
  if (Object.hasOwn(UNSUPPORTED_LANGS, unsupported)) {
    return fail(`${where}: lang '${runnable.lang}': ${UNSUPPORTED_LANGS[unsupported]}`);
  }
  const known = Object.keys(SUPPORTED_LANGS).join(", ");
  if (lang === "") return fail(`${where}: .runnable.yaml has no lang (one of ${known})`);
  return fail(`${where}: unknown lang '${runnable.lang}' (this build knows ${known})`);
}

function fail(message: string): never {
  throw new BuildError(message);
}

/**
 * Compiles a WAT Runnable: `<dir>/lib.wat`, as Subo's `wat2wasm lib.wat`, with the pinned npm
 * `wabt` (the proposals V8 ships enabled), and checks the module's Runnable ABI shape.
 *
 * @param dir the Runnable's folder
 * @returns the module's bytes (nothing is written)
 */
export async function buildWatRunnable(dir: string): Promise<Uint8Array> {
  const path = join(dir, "lib.wat");
  const source = await Deno.readTextFile(path).catch((error) => {
    if (error instanceof Deno.errors.NotFound) fail(`${dir}: a wat Runnable needs lib.wat`);
    throw error;
  });
  let bytes: Uint8Array;
  try {
    bytes = await wat(source, path);
  } catch (error) {
    fail(`failed to compile ${path}:\n${error instanceof Error ? error.message : error}`);
  }
  verifyModule(bytes, dir);
  return bytes;
}

/** Checks that the toolchain of each language in `languages` is there, before building. */
async function checkToolchains(
  languages: Set<Language>,
  options: ProjectBuildOptions,
): Promise<void> {
  if (languages.has("go") && await goVersion(options.go?.go) === null) {
    fail(
      `cannot build Go Runnables: the go command${
        options.go?.go ? ` '${options.go.go}'` : ""
      } was not found.\n` +
        `Install Go 1.24 or later (https://go.dev/doc/install) and put it on PATH; the build pins ` +
        `GOTOOLCHAIN=${GO_TOOLCHAIN}, which the go command fetches from the Go module proxy.`,
    );
  }
  // With `install`, rust.ts installs a missing toolchain itself.
  if (languages.has("rust") && !options.install) {
    await checkRustToolchain(options.rust?.toolchain ?? DEBIAN_TOOLCHAIN);
  }
}

/** Builds the Runnables of one language, one after the other. */
async function buildLanguage(
  language: Language,
  runnables: RunnableInfo[],
  options: ProjectBuildOptions,
): Promise<ModuleReport[]> {
  // The project's Rust crates share one target folder, kept between builds, so their
  // dependencies compile once and a build rebuilds only what changed.
  const targetDir = language === "rust"
    ? await persistentTargetDir(dirname(runnables[0].dir))
    : undefined;
  const compile = (dir: string): Promise<Uint8Array> => {
    switch (language) {
      case "assemblyscript":
        return buildAssemblyScriptRunnable(dir);
      case "rust":
        return buildRustRunnable(dir, { ...options.rust, install: options.install, targetDir });
      case "go":
        return buildGoRunnable(dir, options.go);
      case "wat":
        return buildWatRunnable(dir);
    }
  };
  const reports: ModuleReport[] = [];
  for (const runnable of runnables) {
    const started = performance.now();
    const built = await storeModule(runnable, await compile(runnable.dir), options.check);
    const report = { ...built, language, ms: Math.round(performance.now() - started) };
    options.onModule?.(report);
    reports.push(report);
  }
  return reports;
}

/**
 * Builds every Runnable at or below `root` into `<dir>/<name>.wasm` (or, with `check`, compares
 * with those files). Every `lang` is checked, and the toolchains, before anything is built.
 *
 * @param root the project folder (or one Runnable's folder)
 * @returns one report per module, sorted by folder
 * @throws BuildError (or rust.ts's RustToolchainError) with a message for the user
 */
export async function buildProject(
  root: string,
  options: ProjectBuildOptions = {},
): Promise<ModuleReport[]> {
  const runnables = await findRunnables(root).catch((error) => {
    if (error instanceof Deno.errors.NotFound) fail(`${root} does not exist`);
    throw error;
  });
  if (runnables.length === 0) {
    fail(`no Runnables under ${root} (a Runnable is a folder with a .runnable.yaml)`);
  }
  const byLanguage = new Map<Language, RunnableInfo[]>();
  const problems: string[] = [];
  for (const runnable of runnables) {
    try {
      const language = languageOf(runnable);
      byLanguage.set(language, [...byLanguage.get(language) ?? [], runnable]);
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) fail(problems.join("\n"));
  await checkToolchains(new Set(byLanguage.keys()), options);
  const settled = await Promise.allSettled(
    [...byLanguage].map(([language, list]) => buildLanguage(language, list, options)),
  );
  const errors = settled.flatMap((s) => s.status === "rejected" ? [s.reason] : []);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) fail(errors.map((e) => e instanceof Error ? e.message : e).join("\n\n"));
  return settled
    .flatMap((s) => s.status === "fulfilled" ? s.value : [])
    .sort((a, b) => a.runnable.dir < b.runnable.dir ? -1 : a.runnable.dir > b.runnable.dir ? 1 : 0);
}

const BUNDLE_NAME_RULE = "a bundle's name must end with .wasm.zip (Atmo loads no other)";

/** What {@link writeBundle} did. */
export interface BundleReport {
  /** The bundle's path. */
  path: string;
  /** Its size in bytes. */
  size: number;
  /** Whether the file on disk differed (`check`) or was rewritten. */
  changed: boolean;
}

/**
 * Makes sure the bundle `path` can be written, before anything is built: creates its missing
 * folders, and opens the file when it exists (or a probe file next to it) for writing.
 *
 * @throws BuildError naming the path and why it cannot be written
 */
export async function prepareBundlePath(path: string): Promise<void> {
  try {
    await Deno.mkdir(dirname(path), { recursive: true });
    const existing = await Deno.stat(path).catch((error) => {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    });
    if (existing?.isDirectory) fail(`cannot write the bundle ${path}: it is a folder`);
    if (existing) (await Deno.open(path, { write: true })).close();
    else await Deno.remove(await Deno.makeTempFile({ dir: dirname(path), prefix: ".stratos-" }));
  } catch (error) {
    if (error instanceof BuildError) throw error;
    fail(`cannot write the bundle ${path}: ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * Validates the project's Directive the way Stratos loads it (every problem at once; `env(NAME)`
 * values are not needed at build time, nor the plugins that provide stream sources) and writes
 * the Atmo bundle of `root` to `out` (`bundle.ts`), or with `check` compares it with the file
 * there.
 *
 * @throws DirectiveError listing the Directive's problems; BuildError for an `out` that is not a
 *   bundle's name or cannot be written (its missing folders are created)
 */
export async function writeBundle(
  root: string,
  out: string,
  options: { check?: boolean } = {},
): Promise<BundleReport> {
  if (!out.endsWith(".wasm.zip")) {
    fail(`${out}: ${BUNDLE_NAME_RULE}`);
  }
  if (!options.check) await prepareBundlePath(out);
  const app = await openProject(root);
  // Plugins are not loaded here: a stream source one provides is checked when the app starts.
  loadDirective(app.directive, {
    env: false, // resolved where the bundle runs
    runnables: [...app.runnables],
    providedSource: () => true,
  });
  const bytes = await buildBundle(root);
  const changed = await storeBuilt(out, bytes, options.check);
  return { path: out, size: bytes.length, changed };
}

/** The parsed command line. */
export interface BuildArgs {
  /** The project folder. */
  path: string;
  /** Where to write the bundle, if asked. */
  bundle?: string;
  /** Compare instead of writing. */
  check: boolean;
  /** Install a missing Rust toolchain. */
  install: boolean;
  /** `--help` was given. */
  help: boolean;
}

/**
 * Parses `[PATH] [--bundle OUT.wasm.zip | --bundle=OUT] [--check] [--install] [--help]`.
 *
 * @throws UsageError for an unknown flag, a second PATH, or `--bundle` without a `.wasm.zip` file
 */
export function parseBuildArgs(args: string[]): BuildArgs {
  const parsed: BuildArgs = { path: ".", check: false, install: false, help: false };
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--check") parsed.check = true;
    else if (arg === "--install") parsed.install = true;
    else if (arg === "--help" || arg === "-h") parsed.help = true;
    else if (arg === "--bundle" || arg.startsWith("--bundle=")) {
      const value = arg === "--bundle" ? args[++i] : arg.slice("--bundle=".length);
      if (!value || value.startsWith("-")) {
        throw new UsageError("--bundle needs a file name (OUT.wasm.zip)");
      }
      if (!value.endsWith(".wasm.zip")) {
        throw new UsageError(`--bundle ${value}: ${BUNDLE_NAME_RULE}`);
      }
      parsed.bundle = value;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length > 1) throw new UsageError(`one PATH at most, got ${paths.join(" ")}`);
  parsed.path = paths[0] ?? ".";
  return parsed;
}

/** The state word of a module or bundle line. */
export function state(changed: boolean, check: boolean): string {
  return check ? (changed ? "DIFFERS" : "ok") : (changed ? "written" : "unchanged");
}

/**
 * Runs the build command with `args`; prints a line per module (and the bundle).
 *
 * @returns the exit status: 0, 1 (failed, or `--check` found a difference), 2 (usage)
 */
export async function runBuild(args: string[]): Promise<number> {
  let parsed: BuildArgs;
  try {
    parsed = parseBuildArgs(args);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  // `deno task` runs in the folder of deno.json; paths are meant from where it was typed.
  const cwd = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const root = resolve(cwd, parsed.path);
  const shown = (path: string) => relative(cwd, path) || ".";
  try {
    const started = performance.now();
    // A bundle that cannot be written fails before a long build, not after.
    if (parsed.bundle !== undefined && !parsed.check) {
      await prepareBundlePath(resolve(cwd, parsed.bundle));
    }
    const modules = await buildProject(root, {
      check: parsed.check,
      install: parsed.install,
      onModule: (r) =>
        console.log(
          `${shown(r.wasmPath)}  ${r.language}  ${r.size} bytes  ` +
            `${state(r.changed, parsed.check)}  (${r.ms} ms)`,
        ),
    });
    let differs = parsed.check && modules.some((m) => m.changed);
    if (parsed.bundle !== undefined) {
      const bundle = await writeBundle(root, resolve(cwd, parsed.bundle), { check: parsed.check });
      console.log(
        `${shown(bundle.path)}  bundle  ${bundle.size} bytes  ` +
          state(bundle.changed, parsed.check),
      );
      differs ||= parsed.check && bundle.changed;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${modules.length} Runnable${modules.length === 1 ? "" : "s"} in ${seconds} s`);
    return differs ? 1 : 0;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await runBuild(Deno.args));
