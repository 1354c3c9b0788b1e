/**
 * Builds Go Runnables (`sdk/go`) with the standard Go toolchain as WASI reactors:
 * `GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared`, so the host runs `_initialize` once per
 * instance and `run_e` per invocation.
 *
 * ```sh
 * deno run -A scripts/build/go.ts                  # every Go Runnable under examples/
 * deno run -A scripts/build/go.ts examples/go/hello
 * deno run -A scripts/build/go.ts --check          # verify the committed .wasm, write nothing
 * ```
 *
 * A Go Runnable is a folder with a `.runnable.yaml` whose `lang` is `go`, holding a `main`
 * package inside a Go module (its own `go.mod` or one above it). The toolchain is pinned with
 * `GOTOOLCHAIN` ({@link GO_TOOLCHAIN}; the go command fetches it from the Go module proxy when the
 * installed one differs), and the flags leave out paths and VCS state, so a rebuild gives the
 * same bytes on any machine.
 *
 * @module
 */

import { join } from "node:path";
import { runBuildCommand } from "./cli.ts";
import { buildRunnables, type BuiltModule, REPO_ROOT, verifyModule } from "./core.ts";

/** `lang` values of `.runnable.yaml` built by this script. (`tinygo` is Atmo's TinyGo SDK.) */
export const GO_LANGS: readonly string[] = ["go"];

/** The Go toolchain the committed modules were built with. */
export const GO_TOOLCHAIN = "go1.26.8";

/** `go build` flags: a reactor, no file paths, no VCS stamp, no symbol table or DWARF. */
export const GO_BUILD_FLAGS: readonly string[] = [
  "-buildmode=c-shared",
  "-trimpath",
  "-buildvcs=false",
  "-ldflags=-s -w",
];

/** Options of {@link buildGoRunnable}. */
export interface GoBuildOptions {
  /** The `go` command. @default "go" */
  go?: string;
  /** `GOTOOLCHAIN`: the toolchain to build with. @default {@link GO_TOOLCHAIN} */
  toolchain?: string;
}

/** True when `lang` names a Go Runnable built by this script. */
export function isGoLang(lang: string): boolean {
  return GO_LANGS.includes(lang.toLowerCase());
}

/** The environment of `go build`: the target, the pinned toolchain, nothing inherited that changes the output. */
export function goBuildEnv(toolchain: string = GO_TOOLCHAIN): Record<string, string> {
  return {
    GOOS: "wasip1",
    GOARCH: "wasm",
    GOTOOLCHAIN: toolchain,
    GOFLAGS: "",
    GOWASM: "",
    CGO_ENABLED: "0",
  };
}

/**
 * The version of the `go` command (`go1.26.8`), or `null` when Go is not installed.
 *
 * @param go the `go` command
 */
export async function goVersion(go = "go"): Promise<string | null> {
  try {
    const out = await new Deno.Command(go, {
      args: ["env", "GOVERSION"],
      env: { GOTOOLCHAIN: "local" },
      stdout: "piped",
      stderr: "null",
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/**
 * Builds one Go Runnable and checks the module's shape.
 *
 * @param dir the Runnable's folder (a `main` package)
 * @param options the `go` command and toolchain
 * @returns the Wasm module's bytes (nothing is written into `dir`)
 * @throws Error with Go's diagnostics when the build fails, or when the module is not a reactor
 *   with the Runnable ABI's exports and imports
 */
export async function buildGoRunnable(
  dir: string,
  options: GoBuildOptions = {},
): Promise<Uint8Array> {
  const go = options.go ?? "go";
  const tmp = await Deno.makeTempDir({ prefix: "stratos_build_go_" });
  const out = join(tmp, "module.wasm");
  try {
    let result: Deno.CommandOutput;
    try {
      result = await new Deno.Command(go, {
        args: ["build", ...GO_BUILD_FLAGS, "-o", out, "."],
        cwd: dir,
        env: goBuildEnv(options.toolchain),
        stdout: "piped",
        stderr: "piped",
      }).output();
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) {
        throw new Error(`failed to build ${dir}: the Go command '${go}' is not installed`);
      }
      throw err;
    }
    if (!result.success) {
      const diagnostics = new TextDecoder().decode(result.stderr).trim();
      throw new Error(`failed to build ${dir}:\n${diagnostics}`);
    }
    const bytes = await Deno.readFile(out);
    verifyGoModule(bytes, dir);
    return bytes;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/**
 * Checks a Go module: the Runnable ABI's shape ({@link verifyModule}) and the `_initialize`
 * export of a reactor (a command, built without `-buildmode=c-shared`, would exit after `main`).
 *
 * @param bytes the module
 * @param label name used in error messages
 */
export function verifyGoModule(bytes: Uint8Array, label = "module"): void {
  verifyModule(bytes, label);
  const mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  if (!WebAssembly.Module.exports(mod).some((e) => e.name === "_initialize")) {
    throw new Error(
      `${label}: expected a WASI reactor exporting _initialize (-buildmode=c-shared)`,
    );
  }
}

/**
 * Builds every Go Runnable found in `roots` into `<dir>/<name>.wasm`.
 *
 * @param roots folders to search (a Runnable folder or any folder above it)
 * @param options `check`: compare with the files on disk instead of writing them
 * @returns one report per module
 */
export function buildGoRunnables(
  roots: string[],
  options: { check?: boolean } & GoBuildOptions = {},
): Promise<BuiltModule[]> {
  return buildRunnables(
    roots,
    (runnable) => isGoLang(runnable.lang),
    (dir) => buildGoRunnable(dir, options),
    options.check,
  );
}

if (import.meta.main) {
  await runBuildCommand(
    Deno.args,
    REPO_ROOT,
    "Go",
    (roots, { check }) => buildGoRunnables(roots, { check }),
  );
}
