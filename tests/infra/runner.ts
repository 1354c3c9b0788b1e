/**
 * The test command (`deno task test [deno test args...]`): starts the real services the tests
 * use (NATS, Kafka, Redis, PostgreSQL, MariaDB on 127.0.0.1, installing what is missing; see
 * tests/infra/services.ts), runs every test with `deno test`, stops the services it started, and
 * prints one summary line `N passed, N failed` (what CI reads). Ignored tests count as failures
 * when `CI` is set: in CI nothing may be skipped.
 *
 * @module
 */

import { servicesDown, servicesUp } from "./services/mod.ts";

/** Counts of a JUnit report written by `deno test --junit-path`. */
export interface TestCounts {
  /** Test cases (tests and steps) that passed. */
  passed: number;
  /** Test cases that failed. */
  failed: number;
  /** Test cases that were ignored. */
  skipped: number;
}

/** Counts passed, failed and skipped test cases in a JUnit XML report. */
export function countJUnit(xml: string): TestCounts {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const match of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = match[2] ?? "";
    if (/<(failure|error)\b/.test(body)) counts.failed++;
    else if (/<skipped\b/.test(body)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}

async function main(args: string[]): Promise<number> {
  const junit = ".stratos/junit.xml";
  await Deno.mkdir(".stratos", { recursive: true });
  await Deno.remove(junit).catch(() => {});
  // Real services on 127.0.0.1; sets STRATOS_TEST_* for `deno test`. A service that fails to
  // start is reported here, and its tests fail: none is skipped.
  const services = await servicesUp();
  let tested: Deno.CommandOutput;
  try {
    tested = await new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        "--allow-all",
        "--parallel",
        "--v8-flags=--experimental-wasm-growable-stacks,--expose-gc",
        `--junit-path=${junit}`,
        ...args,
      ],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
  } finally {
    // Stop only what this run started; services that were already up stay up.
    const started = services.filter((s) => s.started).map((s) => s.name);
    if (started.length > 0) await servicesDown(started);
  }
  let counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = countJUnit(await Deno.readTextFile(junit));
  } catch {
    counts.failed = 1; // deno test did not get as far as writing a report
  }
  const inCI = Deno.env.get("CI") !== undefined;
  const failed = counts.failed + (inCI ? counts.skipped : 0);
  if (counts.skipped > 0) console.log(`${counts.skipped} skipped`);
  console.log(`${counts.passed} passed, ${failed} failed`);
  return tested.success && failed === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
