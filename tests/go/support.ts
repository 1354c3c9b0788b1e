/**
 * Test support for the Go SDK's end-to-end tests: the committed Go examples (examples/go), the
 * `probe` Runnable (tests/go/probe, built once per test process with the Go toolchain, so the
 * tests that need it are skipped where Go is not installed), and apps made of them in temp
 * folders.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { buildGoRunnable, goVersion } from "../../scripts/build/mod.ts";
import { startApp, type TestApp } from "../support/app.ts";
import type { RuntimeOptions } from "../../mod.ts";

/** The Go example app (a project folder). */
export const GO_EXAMPLES: string = fileURLToPath(new URL("../../examples/go", import.meta.url));

/** The folder of the probe Runnable. */
export const PROBE_DIR: string = fileURLToPath(new URL("./probe", import.meta.url));

/** The Runnables of examples/go. */
export type GoExample =
  | "hello"
  | "shout"
  | "find-planet"
  | "visit"
  | "get-file"
  | "cache-set"
  | "cache-get"
  | "inspect"
  | "rewrite";

/** Every Runnable of examples/go. */
export const GO_EXAMPLE_NAMES: readonly GoExample[] = [
  "hello",
  "shout",
  "find-planet",
  "visit",
  "get-file",
  "cache-set",
  "cache-get",
  "inspect",
  "rewrite",
];

/** Whether the Go toolchain is installed (the probe can be built). */
export const HAS_GO: boolean = (await goVersion()) !== null;

/** Identifier of the test apps. */
export const IDENTIFIER = "com.stratos.gotest";

/** FQFN of the probe in a test app. */
export const PROBE_FQFN = `${IDENTIFIER}#default::probe@v0.1.0`;

let probe: Promise<Uint8Array> | undefined;

/** The probe module, built on first use. */
export function probeModule(): Promise<Uint8Array> {
  return probe ??= buildGoRunnable(PROBE_DIR);
}

/** What a test app is made of. */
export interface GoAppSpec {
  /** Directive sections after the header (`handlers:`, `capabilities:`, ...), as YAML. */
  directive: string;
  /** Runnables of examples/go to include. */
  examples?: GoExample[];
  /** Include the probe. */
  probe?: boolean;
  /** Files of `static/`, by name. */
  static?: Record<string, string>;
}

/** Writes the app into a new temp folder (modules as `<name>.wasm` at the top); returns it. */
export async function goApp(spec: GoAppSpec): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-go-app-" });
  const header = `identifier: ${IDENTIFIER}\nappVersion: v0.1.0\natmoVersion: v0.4.7\n`;
  await Deno.writeTextFile(`${dir}/Directive.yaml`, header + spec.directive);
  for (const name of spec.examples ?? []) {
    await Deno.copyFile(`${GO_EXAMPLES}/${name}/${name}.wasm`, `${dir}/${name}.wasm`);
  }
  if (spec.probe) await Deno.writeFile(`${dir}/probe.wasm`, await probeModule());
  if (spec.static) {
    await Deno.mkdir(`${dir}/static`);
    for (const [name, text] of Object.entries(spec.static)) {
      await Deno.writeTextFile(`${dir}/static/${name}`, text);
    }
  }
  return dir;
}

/** Starts the app of `spec`, runs `test` on it, then stops it and removes its folder. */
export async function withGoApp(
  spec: GoAppSpec,
  test: (app: TestApp) => Promise<void>,
  options: Partial<RuntimeOptions> = {},
): Promise<void> {
  const dir = await goApp(spec);
  try {
    const app = await startApp(dir, options);
    try {
      await test(app);
    } finally {
      await app.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A `type: request` handler running `steps` (YAML list items, indented for `steps:`). */
export function handler(method: string, resource: string, ...steps: string[]): string {
  return [
    "  - type: request",
    `    resource: ${resource}`,
    `    method: ${method}`,
    "    steps:",
    ...steps.map((step) => `      - ${step.trimEnd().replaceAll("\n", "\n        ")}`),
  ].join("\n") + "\n";
}

/** The handler `POST /probe/:op` running the probe alone. */
export const PROBE_HANDLER: string = handler("POST", "/probe/:op", "fn: probe");

/** Sends `body` to the probe's operation `op` (a path with an optional `?query`). */
export function probeCall(
  app: TestApp,
  op: string,
  body: BodyInit = "",
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  return app.request(`/probe/${op}`, { method: "POST", body, ...init });
}

/** The parsed `{"status":N,"message":"..."}` error answer of a failed request. */
export function errorBody(text: string): { status: number; message: string } {
  return JSON.parse(text);
}
