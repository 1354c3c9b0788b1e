/**
 * The AssemblyScript template: `src/index.ts` (the entry every Runnable has), `src/lib.ts` (the
 * Runnable's code) and an `asconfig.json` with the options the default build uses, the SDK
 * imported as the package `@stratos/runnable` (which the build resolves; see
 * scripts/build/assemblyscript.ts).
 *
 * @module
 */

import {
  SDK_COMPILER_OPTIONS,
  SDK_PACKAGE,
  SDK_PACKAGE_SOURCES,
  sdkHooks,
} from "../build/assemblyscript.ts";
import type { LanguageTemplate } from "./template.ts";

const INDEX =
  `// The Runnable's entry: exports run_e, allocate and deallocate, and hands each invocation to
// run() in lib.ts. The same in every AssemblyScript Runnable; write your code in lib.ts.
import { handle } from "${SDK_PACKAGE}";
import { run } from "./lib";

export { allocate, deallocate } from "${SDK_PACKAGE}";

export function run_e(ptr: usize, size: usize, ident: i32): void {
  handle(ptr, size, ident, run);
}
`;

const LIB = `import { Output, util } from "${SDK_PACKAGE}";

const GREETING = util.toBytes("hello ");

/** Answers "hello " followed by the input (the request body). */
export function run(input: ArrayBuffer): Output {
  return Output.bytes(util.concat(GREETING, input));
}
`;

/** The AssemblyScript template. */
export const ASSEMBLYSCRIPT: LanguageTemplate = {
  lang: "assemblyscript",
  apiVersion: "0.1.0",
  ignore: ["node_modules/"],
  runnable: () => ({
    "asconfig.json": JSON.stringify(
      {
        entries: ["src/index.ts"],
        options: { ...SDK_COMPILER_OPTIONS, use: sdkHooks(SDK_PACKAGE_SOURCES) },
      },
      null,
      2,
    ) + "\n",
    "src/index.ts": INDEX,
    "src/lib.ts": LIB,
  }),
  prepareApp: () => Promise.resolve([]),
};
