/**
 * The README of a new app: what is in the folder and the commands of the developer's loop.
 *
 * @module
 */

import { SDK_PACKAGE_DIR } from "../build/assemblyscript.ts";
import { GO_SDK_DIR } from "./go.ts";
import type { LanguageTemplate } from "./template.ts";

const LANGUAGE_NOTES: Readonly<Record<LanguageTemplate["lang"], string>> = {
  assemblyscript: "`hello/` is written in AssemblyScript against the SDK `@stratos/runnable`, " +
    "which `stratos build` finds in the Stratos checkout, or in `node_modules` after\n" +
    `\`npm install ${SDK_PACKAGE_DIR}\`.`,
  rust: "`hello/` is a Rust crate on the published `suborbital` crate 0.15.1. Its `Cargo.lock` " +
    "pins what that\npulls in to versions Debian's rustc 1.63 builds, and the build uses it as " +
    "it is: keep it. `stratos build\n--install` installs Debian's Rust toolchain when it is missing.",
  go: "`hello/` is a Go package in this folder's module, whose `go.mod` finds the Go SDK in the " +
    `Stratos checkout\n(\`${GO_SDK_DIR}\`); it builds with Go 1.24 or later.`,
};

/** The README of the app `name` whose first Runnable, `hello`, uses `template`. */
export function appReadme(name: string, template: LanguageTemplate): string {
  return `# ${name}

A Stratos app: \`Directive.yaml\` says what it serves, and each folder with a \`.runnable.yaml\` is a
Runnable. ${LANGUAGE_NOTES[template.lang]}

\`\`\`sh
stratos build                           # build every Runnable into <folder>/<name>.wasm
stratos start --port 8080               # serve the app
curl -X POST localhost:8080/hello -d world   # hello world
stratos dev                             # build, then serve with what the Runnables report
stratos new runnable signup             # add a Runnable and its POST /signup handler
stratos check                           # validate: exit 0, or 2 with every problem
stratos build --bundle dist/${name}.wasm.zip   # an Atmo bundle: stratos start dist/${name}.wasm.zip
\`\`\`
`;
}
