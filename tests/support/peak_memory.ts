/**
 * Test support: the peak resident memory (`VmHWM` of /proc/PID/status) of a Stratos process,
 * whether it keeps running or ends by itself (then a preloaded module holds it at its exit
 * until the test has read the number).
 *
 * @module
 */

import { stratos } from "./cli.ts";

const PRELOAD = new URL("./peak_memory_preload.ts", import.meta.url).pathname;
const PROBE = "peak-memory-probe\n";

/** Peak resident memory of the running process `pid`, in MB. */
export function peakMB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** What a Stratos run that ended by itself printed, how long it took and its peak memory. */
export interface MeasuredRun {
  /** Exit status. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error, without the probe line. */
  stderr: string;
  /** Peak resident memory in MB, read as the process exited. */
  peakMB: number;
  /** Wall-clock time from spawn to exit, in ms. */
  ms: number;
}

/** Runs `stratos args...` with `env` to its end, measuring its peak resident memory. */
export async function measuredRun(
  args: string[],
  env: Record<string, string> = {},
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = stratos(args, env, { denoFlags: ["--preload", PRELOAD], stdin: "piped" });
  const stdout = new Response(child.stdout).text();
  let stderr = "";
  let peak = NaN;
  const stdin = child.stdin.getWriter();
  for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
    stderr += chunk;
    if (Number.isNaN(peak) && stderr.includes(PROBE)) {
      peak = peakMB(child.pid);
      await stdin.close();
    }
  }
  if (Number.isNaN(peak)) await stdin.close();
  const { code } = await child.status;
  const ms = performance.now() - started;
  if (Number.isNaN(peak)) throw new Error(`no peak memory probe (exit ${code}): ${stderr}`);
  return { code, stdout: await stdout, stderr: stderr.replace(PROBE, ""), peakMB: peak, ms };
}
