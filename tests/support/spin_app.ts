/**
 * Test support: an app with a Runnable that loops forever (`POST /spin`) next to examples/hello's
 * `hello` (`POST /hello`), for tests of time limits and isolates.
 *
 * @module
 */

import { wat } from "../../scripts/build/wat.ts";
import { helloApp, type HelloRunnable } from "./hello_app.ts";

/** A Runnable whose `run_e` never returns. */
export const SPIN_WAT = `(module
  (memory (export "memory") 1)
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  (func (export "run_e") (param i32 i32 i32) (loop $forever (br $forever))))`;

/**
 * Writes the app: `POST /spin` runs `spin`, `POST /hello` runs `hello`, then `more` (YAML lines
 * that go on the handlers list or add top-level keys); `runnables` are copied besides `hello`.
 *
 * @param spin the looping module's text (default {@link SPIN_WAT})
 * @returns the app's folder
 */
export async function spinApp(
  more = "",
  runnables: HelloRunnable[] = [],
  spin = SPIN_WAT,
): Promise<string> {
  const directive = `identifier: com.stratos.spin
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: request
    resource: /spin
    method: POST
    steps:
      - fn: spin
  - type: request
    resource: /hello
    method: POST
    steps:
      - fn: hello
${more}`;
  const dir = await helloApp(directive, ["hello", ...runnables]);
  await Deno.writeFile(`${dir}/spin.wasm`, await wat(spin));
  return dir;
}
