/**
 * Installing Debian packages with apt-get: one non-interactive call for everything missing,
 * `apt-get update` only when the install failed for lack of package lists, `sudo` when not root.
 * The Rust build installs its toolchain with it, and the test services their servers.
 *
 * @module
 */

import { commandError, isRoot, run, type RunResult } from "./command.ts";

/** Output of apt-get that means the package lists are missing or stale. */
const STALE_LISTS =
  /Unable to locate package|has no installation candidate|is not available|Failed to fetch|404\s+Not Found/i;

/** True when a failed apt-get install would likely succeed after `apt-get update`. */
export function needsAptUpdate(output: string): boolean {
  return STALE_LISTS.test(output);
}

/** The apt-get arguments that install packages without questions or recommended extras. */
export function aptInstallArgs(packages: readonly string[]): string[] {
  return [
    "install",
    "-y",
    "-q",
    "--no-install-recommends",
    "-o",
    "DPkg::Lock::Timeout=300",
    "-o",
    "Dpkg::Options::=--force-confdef",
    "-o",
    "Dpkg::Options::=--force-confold",
    ...packages,
  ];
}

/** Runs apt-get (through sudo when not root) non-interactively. */
function aptGet(args: string[]): Promise<RunResult> {
  const env = { DEBIAN_FRONTEND: "noninteractive", NEEDRESTART_MODE: "a" };
  if (isRoot()) return run("apt-get", args, { env });
  return run("sudo", ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args]);
}

/** Installs Debian packages (nothing to do for an empty list). */
export async function aptInstall(packages: readonly string[]): Promise<void> {
  if (packages.length === 0) return;
  let result = await aptGet(aptInstallArgs(packages));
  if (result.code !== 0 && needsAptUpdate(result.stdout + result.stderr)) {
    const update = await aptGet(["update", "-q", "-o", "DPkg::Lock::Timeout=300"]);
    if (update.code !== 0) throw commandError("apt-get update", update);
    result = await aptGet(aptInstallArgs(packages));
  }
  if (result.code !== 0) throw commandError(`apt-get install ${packages.join(" ")}`, result);
}

/**
 * Shares one apt-get call among several callers (the test services): each asks for its packages
 * with {@link request} while the batch is being collected, then every caller awaits the same
 * install.
 */
export class AptBatch {
  #packages = new Set<string>();
  #install: Promise<void> | undefined;

  /** Adds packages to the batch (before {@link install} is first called). */
  request(packages: readonly string[]): void {
    for (const p of packages) this.#packages.add(p);
  }

  /** The packages asked for so far, sorted. */
  get packages(): string[] {
    return [...this.#packages].sort();
  }

  /** Installs the batch once; later calls wait for the same result. */
  install(): Promise<void> {
    this.#install ??= aptInstall(this.packages);
    return this.#install;
  }
}
