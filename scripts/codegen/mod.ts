/**
 * Code and docs generated from the repository's own files: the list of built-in plugins
 * (`builtin_plugins.ts`) and the error reference (`docs/errors.md`, from the error catalog).
 *
 * @module
 */

export { generate as generateBuiltinPlugins } from "./builtin_plugins.ts";
export { errorDocs, renderErrorDocs } from "./error_docs.ts";
