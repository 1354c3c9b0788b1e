/**
 * Processes of the services: starting a daemon in the background that outlives this script,
 * knowing whether it still runs, and stopping one by pid (commands run to completion with
 * `scripts/lib/`).
 *
 * @module
 */

import { indent, isRoot, lastLines, runOk, type RunOptions } from "../../../scripts/lib/mod.ts";
import { ServiceError } from "./config.ts";
import { processInfo } from "./records.ts";

/** The command and arguments that run `cmd` as `user` when we are root (else as ourselves). */
export function asUser(user: string, cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", user, "--", cmd, ...args]] : [cmd, args];
}

/** Common places of programs that are not always on PATH (daemons live in sbin). */
const EXTRA_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** Full path of a program found on PATH or in the sbin folders; undefined when missing. */
export async function which(program: string): Promise<string | undefined> {
  const dirs = [...(Deno.env.get("PATH") ?? "").split(":").filter(Boolean), ...EXTRA_PATH];
  for (const dir of dirs) {
    const path = `${dir}/${program}`;
    try {
      const info = await Deno.stat(path);
      if (info.isFile && ((info.mode ?? 0) & 0o111) !== 0) return path;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * Starts a daemon in the background, in its own session (so a Ctrl-C here does not reach it),
 * with stdout and stderr appended to `log`, and returns its pid. A throwaway `sh` forks it and
 * exits, so the daemon is not our child and never lingers as our zombie.
 */
export async function spawnDaemon(
  cmd: string,
  args: string[],
  log: string,
  options: RunOptions = {},
): Promise<number> {
  const script = 'log=$1; shift; setsid "$@" >>"$log" 2>&1 </dev/null & echo $!';
  const result = await runOk(
    `starting ${cmd}`,
    "sh",
    ["-c", script, "sh", log, cmd, ...args],
    options,
  );
  const pid = Number(result.stdout.trim());
  if (!Number.isSafeInteger(pid) || pid <= 1) {
    throw new ServiceError(`starting ${cmd}: no pid (got '${result.stdout.trim()}')`);
  }
  return pid;
}

/** True while a pid is a live process (zombies count as gone). */
export async function isAlive(pid: number): Promise<boolean> {
  const info = await processInfo(pid);
  return info !== undefined && info.state !== "Z" && info.state !== "X";
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until a pid is gone or the time is up; true when it is gone. */
async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isAlive(pid))) return true;
    await sleep(100);
  }
  return !(await isAlive(pid));
}

/** Sends a signal, ignoring a process that is already gone. */
function signal(pid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(pid, sig);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/**
 * Stops a process: `sig` (SIGTERM by default), then SIGKILL if it is still there after
 * `timeoutMs`. Returns how it ended.
 */
export async function stopPid(
  pid: number,
  sig: Deno.Signal = "SIGTERM",
  timeoutMs = 15_000,
): Promise<"stopped" | "killed"> {
  signal(pid, sig);
  if (await waitGone(pid, timeoutMs)) return "stopped";
  signal(pid, "SIGKILL");
  if (await waitGone(pid, 5_000)) return "killed";
  throw new ServiceError(`pid ${pid} survived SIGKILL`);
}

/** A log without Java stack frames (`at ...`, `... N more`), lines cut at 240 characters. */
export function withoutStackFrames(log: string): string {
  return log.split("\n")
    .filter((line) => !/^\s+at |^\s*\.\.\. \d+ more/.test(line))
    .map((line) => line.length > 240 ? `${line.slice(0, 240)}…` : line)
    .join("\n");
}

/** The last lines of a log file, indented, for an error message ("" when unreadable). */
export async function logTail(path: string, count = 8): Promise<string> {
  try {
    using file = await Deno.open(path);
    const size = (await file.stat()).size;
    const start = Math.max(0, size - 16_384);
    await file.seek(start, Deno.SeekMode.Start);
    const buffer = new Uint8Array(size - start);
    let filled = 0;
    while (filled < buffer.length) {
      const n = await file.read(buffer.subarray(filled));
      if (n === null) break;
      filled += n;
    }
    const tail = lastLines(
      withoutStackFrames(new TextDecoder().decode(buffer.subarray(0, filled))),
      count,
    );
    return tail ? `\n${indent(tail)}` : "";
  } catch {
    return "";
  }
}
