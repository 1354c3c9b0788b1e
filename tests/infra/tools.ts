/**
 * Command-line tools some tests drive, from Debian's packages: installed with apt-get the first
 * time a test asks for one (idempotent: nothing happens when the tool is there), once per process
 * however many tests ask.
 *
 * | tool       | package      | used for                                              |
 * | ---------- | ------------ | ----------------------------------------------------- |
 * | `promtool` | `prometheus` | `promtool check metrics` on `GET /metrics`            |
 * | `chromium` | `chromium`   | the console test, in headless Chromium               |
 *
 * @module
 */

import { aptInstall } from "../../scripts/lib/mod.ts";

/** The tools, with the package that brings each and where it lands. */
export const TOOLS = {
  promtool: { package: "prometheus", path: "/usr/bin/promtool" },
  chromium: { package: "chromium", path: "/usr/bin/chromium" },
} as const;

/** A tool's name. */
export type ToolName = keyof typeof TOOLS;

const installing = new Map<ToolName, Promise<string>>();

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** The path of `tool`, installing its package first when it is missing. */
export function ensureTool(tool: ToolName): Promise<string> {
  let pending = installing.get(tool);
  if (!pending) {
    const { package: name, path } = TOOLS[tool];
    pending = (async () => {
      if (!await exists(path)) await aptInstall([name]);
      if (!await exists(path)) throw new Error(`${name} was installed but ${path} is missing`);
      return path;
    })();
    installing.set(tool, pending);
  }
  return pending;
}
