/**
 * Where the services keep their state: `.stratos/services/` in the repository (gitignored). The
 * databases started by root run as their own system users, who must reach their folders: in a
 * checkout under a folder closed to others (`mktemp -d` makes one), their folders are in the
 * system's temp folder instead, one per checkout.
 *
 * @module
 */

import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isRoot } from "../../../scripts/lib/command.ts";
import type { ServiceName } from "./config.ts";

/** Root of the repository (three levels above this file). */
export const REPO_ROOT: string = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

/** Folder holding pid records, data dirs, logs and the env file. */
export const STATE_DIR: string = join(REPO_ROOT, ".stratos", "services");

/** The env file with one `KEY=value` line per service that is up. */
export const ENV_FILE: string = join(STATE_DIR, "env");

/** The services that root starts as a system user of their own (`postgres`, `mysql`). */
const OWN_USER: ReadonlySet<ServiceName> = new Set(["postgres", "mariadb"]);

/** Whether every folder from `/` down to `path` lets others through (their execute bit). */
export function openToOthers(path: string): boolean {
  for (let dir = path;; dir = dirname(dir)) {
    try {
      const mode = Deno.statSync(dir).mode;
      if (mode !== null && (mode & 0o001) === 0) return false;
    } catch {
      // Not made yet: its parent decides.
    }
    if (dirname(dir) === dir) return true;
  }
}

/** A short, stable name for this checkout (FNV-1a of its path). */
function checkoutKey(): string {
  let hash = 0x811c9dc5;
  for (const char of REPO_ROOT) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/** Where the own-user services keep their folders (see the module's note). */
const OWN_USER_DIR: string = isRoot() && !openToOthers(REPO_ROOT)
  ? join(tmpdir(), `stratos-services-${checkoutKey()}`)
  : STATE_DIR;

/** Folder of one service's data and log. */
export function serviceDir(name: ServiceName): string {
  return join(OWN_USER.has(name) ? OWN_USER_DIR : STATE_DIR, name);
}

/** Path of one service's log file. */
export function logFile(name: ServiceName): string {
  return join(serviceDir(name), `${name}.log`);
}

/** Path of the pid record of a service that `up` started. */
export function recordFile(name: ServiceName): string {
  return join(STATE_DIR, `${name}.pid.json`);
}

/** A path as shown to the user: relative to the repository when inside it. */
export function display(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith("..") ? path : rel;
}
