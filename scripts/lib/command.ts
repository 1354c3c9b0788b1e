/**
 * Running a command to completion and reporting its failure in words a user can act on: the
 * build tools and the test services both install packages and start programs with it.
 *
 * @module
 */

/** How a finished command went. */
export interface RunResult {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
}

/** A command failed; the message, meant for the user as is, ends with its last output lines. */
export class CommandError extends Error {
  /** @param message what failed, and how */
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

/** True when this process runs as root. */
export function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** Runs a command to completion and captures its output; a missing program gives code 127. */
export async function run(
  cmd: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      env: options.env,
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { code: 127, stdout: "", stderr: `${cmd}: command not found` };
    }
    throw error;
  }
}

/** Runs a command and throws a {@link CommandError} (with its last output lines) if it fails. */
export async function runOk(
  what: string,
  cmd: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await run(cmd, args, options);
  if (result.code !== 0) throw commandError(what, result);
  return result;
}

/** A {@link CommandError} for a failed command, with its last output lines. */
export function commandError(what: string, result: RunResult): CommandError {
  const tail = lastLines(`${result.stdout}\n${result.stderr}`, 12);
  return new CommandError(
    `${what} failed (exit ${result.code})${tail ? `:\n${indent(tail)}` : ""}`,
  );
}

/** The last `count` non-empty lines of a text. */
export function lastLines(text: string, count: number): string {
  return text.split("\n").filter((line) => line.trim() !== "").slice(-count).join("\n");
}

/** Indents every line of a text by four spaces. */
export function indent(text: string): string {
  return text.split("\n").map((line) => `    ${line}`).join("\n");
}
