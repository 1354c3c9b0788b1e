/**
 * Where the services keep their state: `.stratos/services/` in the repository (gitignored).
 *
 * @module
 */

import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServiceName } from "./config.ts";

/** Root of the repository (three levels above this file). */
export const REPO_ROOT: string = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

/** Folder holding pid records, data dirs, logs and the env file. */
export const STATE_DIR: string = join(REPO_ROOT, ".stratos", "services");

/** The env file with one `KEY=value` line per service that is up. */
export const ENV_FILE: string = join(STATE_DIR, "env");

/** Folder of one service's data and log. */
export function serviceDir(name: ServiceName): string {
  return join(STATE_DIR, name);
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
