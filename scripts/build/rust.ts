/**
 * Builds Rust Runnables (crates that depend on the published `suborbital` crate) the way Subo
 * did: `cargo build --target wasm32-wasi --lib --release`, then
 * `target/wasm32-wasi/release/<lib_name>.wasm` becomes `<name>.wasm`.
 *
 * ```sh
 * deno run -A scripts/build/rust.ts                     # every Rust Runnable under examples/
 * deno run -A scripts/build/rust.ts examples/rust/hello
 * deno run -A scripts/build/rust.ts --check             # rebuild and compare, write nothing
 * deno run -A scripts/build/rust.ts --install           # apt-get the toolchain when missing
 * ```
 *
 * The toolchain is Debian's (`apt-get install rustc cargo libstd-rust-dev-wasm32 lld-14`: rustc
 * 1.63, cargo 1.65, the `wasm32-wasi` standard library and the linker), called by absolute path with
 * `RUSTC=/usr/bin/rustc` and a `PATH` without rustup's shims, whose toolchains have no Wasm
 * targets here. Cargo 1.65 only speaks crates.io's git index (on github.com) unless its sparse
 * protocol is switched on, which that version allows only with `-Z sparse-registry` under
 * `RUSTC_BOOTSTRAP=1`; so each build runs, in the crate's folder:
 *
 * ```sh
 * env -i PATH=/usr/bin:/bin HOME=$HOME CARGO_HOME=<cache> RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
 *   RUSTFLAGS="--remap-path-prefix=<cache>=/cargo --remap-path-prefix=<crate>=/crate" \
 *   /usr/bin/cargo -Z sparse-registry build --target wasm32-wasi --lib --release --locked \
 *   --target-dir <temp>
 * ```
 *
 * `--locked` builds exactly the committed `Cargo.lock` (whose pins keep every dependency
 * buildable with rustc 1.63). The environment is cleared so no `CARGO_*`/`RUSTUP_*` setting of
 * the caller changes the output, and the path prefixes are remapped so the module does not depend
 * on where the crate or the download cache live: the build is byte-for-byte reproducible.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { homedir } from "node:os";
import { aptInstall } from "../lib/mod.ts";
import { runBuildCommand } from "./cli.ts";
import { buildRunnables, type BuiltModule, hasLang, REPO_ROOT, verifyModule } from "./core.ts";

/** `lang` values of `.runnable.yaml` that mean Rust (`rs` is Subo's alias). */
export const RUST_LANGS: readonly string[] = ["rust", "rs"];

/** The Wasm target Subo built Rust Runnables for. */
export const RUST_TARGET = "wasm32-wasi";

/**
 * Debian packages that provide the toolchain. `lld-14` is what rustc's `rust-lld` (the wasm
 * linker) points to; `libstd-rust-dev-wasm32` only recommends it, so it is named here for
 * installs without recommended packages.
 */
export const RUST_PACKAGES: readonly string[] = [
  "rustc",
  "cargo",
  "libstd-rust-dev-wasm32",
  "lld-14",
];

/** Where the toolchain is. */
export interface RustToolchain {
  /** Path of `cargo`. @default /usr/bin/cargo */
  cargo: string;
  /** Path of `rustc`. @default /usr/bin/rustc */
  rustc: string;
}

/** Debian's toolchain, by absolute path. */
export const DEBIAN_TOOLCHAIN: RustToolchain = { cargo: "/usr/bin/cargo", rustc: "/usr/bin/rustc" };

/** Options of {@link buildRustRunnable}. */
export interface RustBuildOptions {
  /** The toolchain. @default {@link DEBIAN_TOOLCHAIN} */
  toolchain?: RustToolchain;
  /**
   * Cargo's home (registry index and downloaded crates), kept between builds.
   * @default `$XDG_CACHE_HOME/stratos/cargo` or `~/.cache/stratos/cargo`
   */
  cargoHome?: string;
  /**
   * Cargo's target folder. Builds that share one compile the crate's dependencies once; the
   * module's bytes do not depend on it. @default the crate's {@link persistentTargetDir}
   */
  targetDir?: string;
  /** Install {@link RUST_PACKAGES} with apt-get when the toolchain is missing. @default false */
  install?: boolean;
}

/** The toolchain is missing or incomplete; the message says what to install. */
export class RustToolchainError extends Error {
  /** @param problem what was found missing */
  constructor(problem: string) {
    super(
      `cannot build Rust Runnables: ${problem}.\n` +
        `They are built with Debian's Rust toolchain (rustc 1.63, cargo, the ${RUST_TARGET} std and ` +
        `its linker; rustup's toolchains have no Wasm targets here). Install it with:\n` +
        `  sudo apt-get install -y ${RUST_PACKAGES.join(" ")}\n` +
        `(or build with --install, or { install: true }).`,
    );
    this.name = "RustToolchainError";
  }
}

/** True when the Runnable's `lang` is Rust. */
export const isRust = hasLang(RUST_LANGS);

/** The default download cache of {@link RustBuildOptions.cargoHome}. */
export function defaultCargoHome(): string {
  return join(cacheRoot(), "cargo");
}

function cacheRoot(): string {
  return join(Deno.env.get("XDG_CACHE_HOME") || join(homedir(), ".cache"), "stratos");
}

/**
 * The target folder kept between builds of the crates of `key` (a project's folder): cargo then
 * rebuilds only what changed (a build with no change takes about a second instead of compiling
 * every dependency again). The module's bytes do not depend on it.
 */
export async function persistentTargetDir(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(resolve(key)));
  const name = [...new Uint8Array(digest).slice(0, 8)]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return join(cacheRoot(), "cargo-target", name);
}

/**
 * Checks that `toolchain` can build for {@link RUST_TARGET}.
 *
 * @returns rustc's version line
 * @throws RustToolchainError naming what is missing and what to install
 */
export async function checkRustToolchain(toolchain = DEBIAN_TOOLCHAIN): Promise<string> {
  for (const tool of [toolchain.rustc, toolchain.cargo]) {
    if (!await isFile(tool)) throw new RustToolchainError(`${tool} was not found`);
  }
  const version = await capture(toolchain.rustc, ["--version"]);
  const libdir = await capture(toolchain.rustc, [
    "--print",
    "target-libdir",
    "--target",
    RUST_TARGET,
  ]);
  const std = await hasStd(libdir.trim());
  if (!std) {
    throw new RustToolchainError(
      `${version.trim()} has no ${RUST_TARGET} standard library (nothing in ${libdir.trim()})`,
    );
  }
  // The wasm linker: `<sysroot>/bin/rust-lld` (Debian: a link to lld-14) or rustup's copy.
  const sysroot = (await capture(toolchain.rustc, ["--print", "sysroot"])).trim();
  const host = /^host: (.+)$/m.exec(await capture(toolchain.rustc, ["-vV"]))?.[1] ?? "";
  const linkers = [
    join(sysroot, "bin", "rust-lld"),
    join(sysroot, "lib", "rustlib", host, "bin", "rust-lld"),
  ];
  if (!(await Promise.all(linkers.map(isFile))).some(Boolean)) {
    throw new RustToolchainError(`${version.trim()} has no wasm linker (${linkers[0]})`);
  }
  return version.trim();
}

/** Checks the toolchain, installing it with apt-get first when asked and it is missing. */
async function ensureToolchain(options: RustBuildOptions): Promise<RustToolchain> {
  const toolchain = options.toolchain ?? DEBIAN_TOOLCHAIN;
  try {
    await checkRustToolchain(toolchain);
  } catch (error) {
    if (!(error instanceof RustToolchainError) || !options.install) throw error;
    await aptInstall(RUST_PACKAGES);
    await checkRustToolchain(toolchain);
  }
  return toolchain;
}

/**
 * Builds the Rust Runnable crate in `dir` for {@link RUST_TARGET} with the toolchain of
 * `options` (see the module documentation for the exact command) and checks the module's shape.
 *
 * @param dir the Runnable's folder (`Cargo.toml`, `Cargo.lock`, `src/lib.rs`)
 * @returns the Wasm module's bytes (nothing is written to `dir`)
 * @throws RustToolchainError when the toolchain is missing; Error with cargo's output when the
 *   build fails
 */
export async function buildRustRunnable(
  dir: string,
  options: RustBuildOptions = {},
): Promise<Uint8Array> {
  const crate = resolve(dir);
  const toolchain = await ensureToolchain(options);
  if (!await isFile(join(crate, "Cargo.lock"))) {
    throw new Error(
      `${crate}: no Cargo.lock; Rust Runnables build only from a committed lock file`,
    );
  }
  const cargoHome = resolve(options.cargoHome ?? defaultCargoHome());
  await Deno.mkdir(cargoHome, { recursive: true });
  const env = cargoEnv(toolchain, cargoHome, crate);
  const lib = await libName(toolchain, crate, env);
  const targetDir = options.targetDir ?? await persistentTargetDir(crate);
  const out = await new Deno.Command(toolchain.cargo, {
    args: [
      "-Z",
      "sparse-registry",
      "build",
      "--target",
      RUST_TARGET,
      "--lib",
      "--release",
      "--locked",
      "--target-dir",
      targetDir,
    ],
    cwd: crate,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const log = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`cargo build failed in ${crate}:\n${log.trimEnd()}`);
  }
  const bytes = await Deno.readFile(join(targetDir, RUST_TARGET, "release", `${lib}.wasm`));
  verifyModule(bytes, crate);
  return bytes;
}

/** The whole environment of a cargo call (the caller's is not passed on). */
function cargoEnv(
  toolchain: RustToolchain,
  cargoHome: string,
  crate: string,
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: "/usr/bin:/bin",
    HOME: homedir(),
    CARGO_HOME: cargoHome,
    CARGO_TERM_COLOR: "never",
    RUSTC: toolchain.rustc,
    RUSTC_BOOTSTRAP: "1",
    RUSTFLAGS: `--remap-path-prefix=${cargoHome}=/cargo --remap-path-prefix=${crate}=/crate`,
  };
  // A proxy the machine needs to reach crates.io still applies.
  for (const name of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  return env;
}

/** The crate's library target name (`<name_with_underscores>` unless `[lib] name` says). */
async function libName(
  toolchain: RustToolchain,
  crate: string,
  env: Record<string, string>,
): Promise<string> {
  const text = await capture(
    toolchain.cargo,
    ["metadata", "--no-deps", "--format-version", "1", "--offline"],
    { cwd: crate, env },
  );
  const metadata = JSON.parse(text) as {
    packages: { manifest_path: string; targets: { name: string; kind: string[] }[] }[];
  };
  const pkg = metadata.packages.find((p) => resolve(p.manifest_path) === join(crate, "Cargo.toml"));
  const target = pkg?.targets.find((t) => t.kind.includes("cdylib"));
  if (!target) {
    throw new Error(`${crate}: Cargo.toml has no [lib] with crate-type = ["cdylib"]`);
  }
  // Cargo names the artifact after the crate name: the target name with `-` as `_`.
  return target.name.replaceAll("-", "_");
}

/**
 * Builds every Rust Runnable found in `roots` into `<dir>/<name>.wasm`, sharing one target
 * folder so their dependencies compile once.
 *
 * @param roots folders to search (a Runnable folder or any folder above it)
 * @param options `check`: compare with the files on disk instead of writing them
 */
export async function buildRustRunnables(
  roots: string[],
  options: RustBuildOptions & { check?: boolean } = {},
): Promise<BuiltModule[]> {
  const targetDir = options.targetDir ?? await persistentTargetDir(roots.join("\n"));
  return await buildRunnables(
    roots,
    isRust,
    (dir) => buildRustRunnable(dir, { ...options, targetDir }),
    options.check,
  );
}

async function capture(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: options.cwd,
    env: options.env,
    clearEnv: options.env !== undefined,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trimEnd();
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${out.code}):\n${err}`);
  }
  return new TextDecoder().decode(out.stdout);
}

async function hasStd(libdir: string): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir(libdir)) {
      if (entry.name.startsWith("libstd-") && entry.name.endsWith(".rlib")) return true;
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return false;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

if (import.meta.main) await runBuildCommand(Deno.args, REPO_ROOT, "Rust", buildRustRunnables);
