/**
 * The `stratos` command line of `bin/stratos`: the tooling commands and the server's, and the
 * entry point of `stratos dev`.
 *
 * @module
 */

export { dev, DEV_USAGE, serveDev } from "./dev.ts";
export { HELP, runStratos } from "./main.ts";
