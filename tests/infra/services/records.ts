/**
 * Pid records: what `up` started, so `down` stops only that. One JSON file per service under
 * `.stratos/services/`; a record whose process is gone (or is now another program) is stale.
 *
 * @module
 */

import { SERVICE_NAMES, type ServiceName } from "./config.ts";
import { recordFile } from "./paths.ts";

/** One service process started by `up`. */
export interface PidRecord {
  /** The service. */
  name: ServiceName;
  /** Pid of the daemon itself (not of a wrapper). */
  pid: number;
  /** Text found in the daemon's command line, to tell it from a process that reused the pid. */
  match: string;
  /** When it was started (ISO 8601). */
  startedAt: string;
  /** Its data folder (kept by `down`). */
  dataDir: string;
  /** Its log file. */
  log: string;
}

/** Serialises a record. */
export function renderRecord(record: PidRecord): string {
  return JSON.stringify(record, null, 2) + "\n";
}

/** Parses a record; undefined when the text is not a valid record. */
export function parseRecord(text: string): PidRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const valid = SERVICE_NAMES.includes(r.name as ServiceName) &&
    Number.isSafeInteger(r.pid) && (r.pid as number) > 1 &&
    typeof r.match === "string" && r.match !== "" &&
    typeof r.startedAt === "string" && typeof r.dataDir === "string" &&
    typeof r.log === "string";
  if (!valid) return undefined;
  const { name, pid, match, startedAt, dataDir, log } = r as unknown as PidRecord;
  return { name, pid, match, startedAt, dataDir, log };
}

/** What /proc says about a pid. */
export interface ProcessInfo {
  /** One-letter state from /proc/PID/stat (`R`, `S`, `Z`...). */
  state: string;
  /** Arguments from /proc/PID/cmdline. */
  cmdline: string[];
}

/** The state letter of a /proc/PID/stat line (the field after the parenthesised name). */
export function parseStatState(stat: string): string | undefined {
  const close = stat.lastIndexOf(")");
  if (close < 0) return undefined;
  return stat.slice(close + 1).trim().split(/\s+/)[0] || undefined;
}

/** Splits /proc/PID/cmdline (NUL-separated) into arguments. */
export function parseCmdline(raw: string): string[] {
  return raw.split("\0").filter((arg) => arg !== "");
}

/** True when the process is alive (not gone, not a zombie) and is the one the record names. */
export function isRecordedProcess(record: PidRecord, info: ProcessInfo | undefined): boolean {
  if (info === undefined || info.state === "Z" || info.state === "X") return false;
  return info.cmdline.join(" ").includes(record.match);
}

/** Reads /proc for a pid; undefined when there is no such process. */
export async function processInfo(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const [stat, cmdline] = await Promise.all([
      Deno.readTextFile(`/proc/${pid}/stat`),
      Deno.readTextFile(`/proc/${pid}/cmdline`),
    ]);
    const state = parseStatState(stat);
    return state === undefined ? undefined : { state, cmdline: parseCmdline(cmdline) };
  } catch {
    return undefined;
  }
}

/** Reads a service's record; undefined when there is none (or it is unreadable). */
export async function readRecord(name: ServiceName): Promise<PidRecord | undefined> {
  try {
    return parseRecord(await Deno.readTextFile(recordFile(name)));
  } catch {
    return undefined;
  }
}

/** Writes a record atomically (temporary file, then rename). */
export async function writeRecord(record: PidRecord): Promise<void> {
  const path = recordFile(record.name);
  const tmp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(tmp, renderRecord(record));
  await Deno.rename(tmp, path);
}

/** Removes a service's record (no error when there is none). */
export async function removeRecord(name: ServiceName): Promise<void> {
  await Deno.remove(recordFile(name)).catch(() => {});
}

/** The record of a service whose recorded process is still running; stale records are removed. */
export async function liveRecord(name: ServiceName): Promise<PidRecord | undefined> {
  const record = await readRecord(name);
  if (record === undefined) return undefined;
  if (isRecordedProcess(record, await processInfo(record.pid))) return record;
  await removeRecord(name);
  return undefined;
}
