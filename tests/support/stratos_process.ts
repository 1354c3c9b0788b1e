/**
 * Test support: a Stratos CLI process (`main.ts start`, as users run it) whose output lines can
 * be awaited, for tests that need several processes, signals or restarts.
 *
 * @module
 */

import { stratos } from "./cli.ts";

/** A Stratos CLI process (`main.ts start`) whose output lines can be awaited. */
export interface StratosProcess {
  /** Lines printed on stdout so far (JSON log lines and the banner). */
  lines: string[];
  /** Resolves with the first line (past or future) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the number of lines matching `pattern` once there are `count` of them. */
  waitForCount(pattern: RegExp, count: number, timeoutMs?: number): Promise<void>;
  /** HTTP base URL from the banner (after {@link startStratos} resolved). */
  url: string;
  /** Process id. */
  pid: number;
  /** Sends `signal` and waits for the exit; returns the status code and stderr. */
  kill(signal: Deno.Signal): Promise<{ code: number; stderr: string }>;
  /** Exit status and stderr once the process ended by itself. */
  exited: Promise<{ code: number; stderr: string }>;
  /** Everything printed on stdout so far. */
  output(): string;
  /** Fetches `path` from its HTTP server; returns the status and the parsed JSON body. */
  json(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Stops it with SIGTERM; resolves with the exit code. */
  stop(): Promise<number>;
}

/** Spawns `stratos start <app> --port 0 [args...]` with `env` and waits for its banner. */
export async function startStratos(
  app: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<StratosProcess> {
  const child = stratos(["start", app, "--port", "0", "--hostname", "127.0.0.1", ...args], env);
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const stderr = new Response(child.stderr).text();
  const reading = (async () => {
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      lines.push(...parts);
      for (const waiter of waiters) waiter();
    }
    for (const waiter of waiters) waiter();
  })();
  const exited = Promise.all([child.status, stderr, reading]).then(([status, text]) => ({
    code: status.code,
    stderr: text,
  }));
  let ended = false;
  exited.then(() => {
    ended = true;
    for (const waiter of waiters) waiter();
  });
  const waitUntil = (done: () => string | undefined, what: string, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = done();
        if (found !== undefined) finish(() => resolve(found));
        else if (ended) finish(() => reject(new Error(`stratos exited before ${what}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${what} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });
  const proc: StratosProcess = {
    lines,
    url: "",
    pid: child.pid,
    waitForLine: (pattern, timeoutMs = 20_000) =>
      waitUntil(() => lines.find((l) => pattern.test(l)), `line ${pattern}`, timeoutMs),
    waitForCount: async (pattern, count, timeoutMs = 20_000) => {
      await waitUntil(
        () => lines.filter((l) => pattern.test(l)).length >= count ? "" : undefined,
        `${count} lines ${pattern}`,
        timeoutMs,
      );
    },
    async kill(signal) {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
      return await exited;
    },
    exited,
    output: () => lines.join("\n"),
    async json(path) {
      const response = await fetch(proc.url + path);
      return { status: response.status, body: await response.json() };
    },
    stop: async () => (await proc.kill("SIGTERM")).code,
  };
  try {
    const listening = await proc.waitForLine(/listening on http:\/\//, 30_000);
    proc.url = /(http:\/\/\S+)/.exec(listening)![1];
  } catch (error) {
    const { stderr } = await proc.kill("SIGKILL");
    throw new Error(`${(error as Error).message}; stderr: ${stderr}`);
  }
  return proc;
}
