/**
 * Code generated from the repository's own files: the list of built-in plugins
 * (`builtin_plugins.ts`).
 *
 * @module
 */

export { generate as generateBuiltinPlugins } from "./builtin_plugins.ts";
