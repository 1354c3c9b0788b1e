/**
 * Test support: the real launcher `bin/stratos`, run as a user's shell would run it (no
 * INIT_CWD of `deno task test`), from any folder.
 *
 * @module
 */

import { ROOT } from "./cli.ts";

/** The launcher's path. */
export const LAUNCHER = `${ROOT}bin/stratos`;

/** In CI a missing Rust toolchain is installed (as tests/e2e/build_test.ts does). */
export const INSTALL = Deno.env.get("CI") !== undefined ? ["--install"] : [];

/** The environment a user's shell would give the launcher (no INIT_CWD of `deno task test`). */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { INIT_CWD: _, ...env } = Deno.env.toObject();
  return { ...env, NO_COLOR: "1", ...extra };
}

/** Spawns `stratos args...` in `cwd`, output piped. */
export function launch(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Deno.ChildProcess {
  return new Deno.Command(LAUNCHER, {
    args,
    cwd,
    env: userEnv(env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Runs `stratos args...` in `cwd` to its end. */
export async function stratos(args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await launch(args, cwd, env).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}
