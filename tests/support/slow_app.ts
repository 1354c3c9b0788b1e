/**
 * Test support: an app whose `POST /slow` runs the `slow` Runnable (tests/fixtures/slow.wat),
 * which waits in a host function of the fixture plugin tests/fixtures/slow-plugin.
 *
 * @module
 */

import { wat } from "../../scripts/build/wat.ts";
import { helloApp } from "./hello_app.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);

/** Path of the plugin that provides the `slow` Runnable's host function. */
export const SLOW_PLUGIN: string = new URL("slow-plugin", FIXTURES).pathname;

/**
 * Writes the app; with `pluginInDirective` its Directive loads {@link SLOW_PLUGIN} itself,
 * otherwise the runtime must be given it.
 * @returns the app's folder
 */
export async function slowApp(pluginInDirective = false): Promise<string> {
  const dir = await helloApp(
    `identifier: com.stratos.slow
appVersion: v0.1.0
atmoVersion: v0.4.7
${pluginInDirective ? `plugins:\n  - ${SLOW_PLUGIN}\n` : ""}handlers:
  - type: request
    resource: /slow
    method: POST
    steps:
      - fn: slow
`,
    [],
  );
  await Deno.writeFile(
    `${dir}/slow.wasm`,
    await wat(await Deno.readTextFile(new URL("slow.wat", FIXTURES))),
  );
  return dir;
}
