/**
 * A Directive fuzzer: mutations of the example Directives (bytes, lines, indentation, YAML
 * syntax, value types), each loaded with the real loader. Every case must load or be refused
 * with a DirectiveError; anything else (another exception, a hang) is a finding.
 *
 * Run as a program it fuzzes `count` cases from `seed` and prints one JSON line:
 * `deno run -A tests/hostile/directive_fuzz.ts SEED COUNT`.
 *
 * @module
 */

import { loadDirective } from "../../kernel/directive/mod.ts";
import type { Runnable } from "../../kernel/directive/types.ts";
import { DirectiveError } from "../../kernel/errors.ts";

const ROOT = new URL("../../", import.meta.url);

/** The Directives mutations start from. */
export const SEEDS: readonly string[] = [
  "examples/hello/Directive.yaml",
  "examples/plugin-hello/app/Directive.yaml",
  "examples/streams/nats/Directive.yaml",
  "examples/streams/kafka/Directive.yaml",
  "kernel/directive/testdata/valid.yaml",
  "kernel/directive/testdata/invalid.yaml",
];

/** A small, seedable PRNG (mulberry32), so every finding can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  "&a ",
  "*a",
  "<<: *a",
  "!!binary ",
  "!!str ",
  "{",
  "}",
  "[",
  "]",
  "---\n",
  "...\n",
  "\t",
  ": ",
  "- ",
  "? ",
  "|",
  ">",
  "#",
  "%YAML 1.2\n",
  "'",
  '"',
  "\\",
  "\u0000",
  "\uFEFF",
  "🚀",
  "null",
  "~",
  "0x10",
  "1e400",
  "-0",
  ".inf",
  "yes",
  "on",
  "2022-05-05",
  "env(",
  "env(X)",
  "::",
  "#@",
];

const VALUES = [
  "0",
  "-1",
  "99999999999999999999",
  "1.5",
  "true",
  "null",
  "[]",
  "{}",
  "[1, [2, [3]]]",
  "{a: {b: {c: 1}}}",
  '""',
  "x".repeat(2000),
  "'quoted: value'",
  "*a",
  "&a x",
  "env(NOPE)",
];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** One random mutation of `text`. */
export function mutate(text: string, rng: () => number): string {
  const lines = text.split("\n");
  const at = Math.floor(rng() * Math.max(1, text.length));
  const line = Math.floor(rng() * lines.length);
  switch (Math.floor(rng() * 9)) {
    case 0: // flip a character
      return text.slice(0, at) + String.fromCharCode(Math.floor(rng() * 128)) + text.slice(at + 1);
    case 1: // insert a YAML token
      return text.slice(0, at) + pick(rng, TOKENS) + text.slice(at);
    case 2: // delete a range
      return text.slice(0, at) + text.slice(at + Math.floor(rng() * 40));
    case 3: // drop a line
      return lines.filter((_, i) => i !== line).join("\n");
    case 4: // duplicate a line
      return [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join("\n");
    case 5: // re-indent a line
      lines[line] = " ".repeat(Math.floor(rng() * 12)) + lines[line].trimStart();
      return lines.join("\n");
    case 6: { // replace a value
      const colon = lines[line].indexOf(": ");
      if (colon !== -1) lines[line] = lines[line].slice(0, colon + 2) + pick(rng, VALUES);
      return lines.join("\n");
    }
    case 7: // truncate
      return text.slice(0, at);
    default: // swap two lines
      {
        const other = Math.floor(rng() * lines.length);
        [lines[line], lines[other]] = [lines[other], lines[line]];
      }
      return lines.join("\n");
  }
}

const RUNNABLES: Runnable[] = [
  "hello",
  "shout",
  "find-planet",
  "visit",
  "get-file",
  "inspect",
  "greet",
]
  .map((name) => ({ name, namespace: "default", fqfn: "" }));

/** What fuzzing `count` cases found. */
export interface FuzzReport {
  /** Cases run. */
  cases: number;
  /** Cases that loaded. */
  loaded: number;
  /** Cases refused with a DirectiveError. */
  refused: number;
  /** Slowest case, in milliseconds. */
  slowestMs: number;
  /** Cases that threw something else: the seed index and the error. */
  crashes: { index: number; error: string; text: string }[];
}

/** Fuzzes `count` cases starting at `seed` (1–3 stacked mutations per case). */
export async function fuzz(seed: number, count: number): Promise<FuzzReport> {
  const seeds = await Promise.all(SEEDS.map((p) => Deno.readTextFile(new URL(p, ROOT))));
  const report: FuzzReport = { cases: 0, loaded: 0, refused: 0, slowestMs: 0, crashes: [] };
  for (let i = 0; i < count; i++) {
    const rng = random(seed + i);
    let text = pick(rng, seeds);
    for (let m = 1 + Math.floor(rng() * 3); m > 0; m--) text = mutate(text, rng);
    const started = performance.now();
    try {
      loadDirective({ path: `fuzz/${seed + i}/Directive.yaml`, text }, { runnables: RUNNABLES });
      report.loaded++;
    } catch (error) {
      if (error instanceof DirectiveError) report.refused++;
      else report.crashes.push({ index: seed + i, error: String(error), text });
    }
    report.slowestMs = Math.max(report.slowestMs, performance.now() - started);
    report.cases++;
  }
  return report;
}

if (import.meta.main) {
  const [seed, count] = Deno.args.map(Number);
  console.log(JSON.stringify(await fuzz(seed, count)));
}
