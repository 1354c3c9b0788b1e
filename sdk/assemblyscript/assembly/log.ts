// Structured log lines through the host's logger (`log_msg`).

import { log_msg } from "./env";
import { ident, len, ptr, utf8 } from "./ffi";

/** Log levels of the ABI (any other value is treated as info by the host). */
export enum Level {
  Error = 1,
  Warn = 2,
  Info = 3,
  Debug = 4,
}

/** Logs `message` at `level`. */
export function write(level: Level, message: string): void {
  const buf = utf8(message);
  log_msg(ptr(buf), len(buf), level, ident());
}

/** Logs at level debug (4). */
export function debug(message: string): void {
  write(Level.Debug, message);
}

/** Logs at level info (3). */
export function info(message: string): void {
  write(Level.Info, message);
}

/** Logs at level warn (2). */
export function warn(message: string): void {
  write(Level.Warn, message);
}

/** Logs at level error (1). */
export function error(message: string): void {
  write(Level.Error, message);
}
