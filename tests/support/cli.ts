/**
 * Test support: runs the Stratos CLI (`main.ts`) in a child process, as `deno task start` does,
 * without touching the lockfile (tests load plugins from local URLs on random ports).
 *
 * @module
 */

import { STRATOS_MAIN, STRATOS_PERMISSIONS } from "../../bench/process.ts";

/** Repository root (with a trailing slash). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** How {@link stratos} spawns the process, past its arguments and environment. */
export interface SpawnOptions {
  /** Flags for `deno run` itself (e.g. `--preload`). */
  denoFlags?: string[];
  /** Standard input. @default "inherit" */
  stdin?: "piped" | "inherit" | "null";
}

/** Spawns `main.ts args...` with piped output. */
export function stratos(
  args: string[],
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-lock",
      ...STRATOS_PERMISSIONS,
      ...options.denoFlags ?? [],
      STRATOS_MAIN,
      ...args,
    ],
    env: { NO_COLOR: "1", ...env },
    stdin: options.stdin ?? "inherit",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Waits for the process and returns its status and output. */
export async function finished(
  child: Deno.ChildProcess,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Reads stdout until `pattern` shows up; returns what was read. */
export async function readUntil(
  child: Deno.ChildProcess,
  pattern: RegExp,
): Promise<{ text: string; rest: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = child.stdout.getReader();
  const dec = new TextDecoder();
  let text = "";
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stdout ended before ${pattern}: ${text}`);
    text += dec.decode(value);
  }
  return { text, rest: reader };
}
