/**
 * Running `wrk` (the load generator, from Debian's `wrk` package) and reading its report.
 *
 * @module
 */

/** One load run's results. */
export interface LoadResult {
  /** Requests per second. */
  rps: number;
  /** Median latency in milliseconds. */
  p50: number;
  /** 99th percentile latency in milliseconds. */
  p99: number;
  /** Non-2xx responses plus socket errors. */
  errors: number;
  /** Requests completed. */
  requests: number;
}

/** Options of one run. */
export interface LoadOptions {
  /** Target URL. */
  url: string;
  /** HTTP method. @default "GET" */
  method?: string;
  /** Request body. */
  body?: string;
  /** Concurrent connections. @default 50 */
  connections?: number;
  /** Duration in seconds. @default 10 */
  seconds?: number;
  /** wrk threads. @default 1 */
  threads?: number;
}

/** Makes sure `wrk` is installed (installs Debian's package if it can). */
export async function ensureWrk(): Promise<void> {
  if (await runs("wrk", ["--version"])) return;
  const sudo = Deno.uid?.() === 0 ? [] : ["sudo"];
  const install = [...sudo, "apt-get", "install", "-y", "-qq", "wrk"];
  if (!await runs(install[0], install.slice(1))) {
    throw new Error("wrk is missing and could not be installed: run `sudo apt-get install wrk`");
  }
}

async function runs(cmd: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    return out.success || cmd === "wrk"; // `wrk --version` exits 1 after printing its version
  } catch {
    return false;
  }
}

/** Converts a wrk duration (`512.00us`, `1.20ms`, `2.00s`) to milliseconds. */
export function toMillis(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) throw new Error(`cannot read wrk duration '${value}'`);
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}

/** Parses wrk's `--latency` report. */
export function parseWrk(output: string): LoadResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!rps || !p50 || !p99) throw new Error(`unexpected wrk output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    rps: Number(rps[1]),
    p50: toMillis(p50[1]),
    p99: toMillis(p99[1]),
    errors: Number(non2xx?.[1] ?? 0) + socketErrors,
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? 0),
  };
}

/** Runs wrk once against `options.url`. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const script = await Deno.makeTempFile({ suffix: ".lua" });
  await Deno.writeTextFile(
    script,
    `wrk.method = ${JSON.stringify(options.method ?? "GET")}\n` +
      (options.body === undefined ? "" : `wrk.body = ${JSON.stringify(options.body)}\n`),
  );
  try {
    const out = await new Deno.Command("wrk", {
      args: [
        `-t${options.threads ?? 1}`,
        `-c${options.connections ?? 50}`,
        `-d${options.seconds ?? 10}s`,
        "--latency",
        "-s",
        script,
        options.url,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    return parseWrk(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(script);
  }
}
