/**
 * `stratos new`: app folders and Runnables from templates in AssemblyScript, Rust and Go, ready
 * to build and serve.
 *
 * @module
 */

export { addRunnable, createApp, type Created, FIRST_RUNNABLE } from "./create.ts";
export { addHandler, newDirective } from "./directive_edit.ts";
export { appTemplate, LANGUAGE_NAMES, templateOf } from "./languages.ts";
export { NEW_USAGE, runNew } from "./command.ts";
export type { LanguageTemplate } from "./template.ts";
