/**
 * Summaries and markdown tables shared by the benchmarks.
 *
 * @module
 */

/** The median of `values` (upper median for an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Per key, the median of the rounds' values (`errors` are summed instead). */
export function summarize<T extends { [K in keyof T]: number }>(rounds: T[]): T {
  const out: Record<string, number> = {};
  for (const key of Object.keys(rounds[0]) as (keyof T & string)[]) {
    const values = rounds.map((r) => r[key]);
    out[key] = key === "errors" ? values.reduce((a, b) => a + b, 0) : median(values);
  }
  return out as T;
}

/** The value at quantile `q` of ascending `sorted` values. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** A markdown table. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Today's date as YYYY-MM-DD. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** One line describing the machine: cores, CPU model, Deno version, OS. */
export function machine(): string {
  let cpu = "unknown CPU";
  try {
    cpu = /model name\s*:\s*(.+)/.exec(Deno.readTextFileSync("/proc/cpuinfo"))?.[1] ?? cpu;
  } catch { /* not Linux */ }
  return `${navigator.hardwareConcurrency} cores (${cpu}), Deno ${Deno.version.deno}, ${Deno.build.os}`;
}

/** A benchmark's result: its markdown section and the ratio Stratos / baseline throughput. */
export interface BenchResult {
  /** Markdown: a caption, a table and the ratio line. */
  table: string;
  /** Stratos's throughput over the baseline's. */
  ratio: number;
}
