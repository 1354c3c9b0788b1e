/**
 * `stratos new`: a new app folder, and a new Runnable in an app. Everything is checked before the
 * first file is written, so a refusal leaves the folder as it was.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { BuildError, findRunnables } from "../build/mod.ts";
import { addHandler, newDirective } from "./directive_edit.ts";
import { appTemplate } from "./languages.ts";
import { checkName } from "./names.ts";
import { appReadme } from "./readme.ts";
import { type LanguageTemplate, runnableSpec } from "./template.ts";
import { exists } from "../lib/mod.ts";

/** The Runnable a new app starts with. */
export const FIRST_RUNNABLE = "hello";

/** What was written, relative to the app folder. */
export interface Created {
  /** The app folder. */
  appDir: string;
  /** The template used. */
  template: LanguageTemplate;
  /** The files written or changed, relative to the app folder. */
  files: string[];
}

/** Lines every app's `.gitignore` has: the build's outputs. */
const IGNORED = ["*.wasm", "*.wasm.zip"];

/**
 * Creates the app folder `path` (its name is the folder's) with a Directive, a README, a
 * `.gitignore`, and the Runnable `hello` in `template`'s language, served at `POST /hello`.
 *
 * @throws BuildError when the name is not one an app may have, or `path` exists and is not empty
 */
export async function createApp(path: string, template: LanguageTemplate): Promise<Created> {
  const appDir = resolve(path);
  const name = basename(appDir);
  checkName(name, "app");
  if (!await isEmptyOrMissing(appDir)) {
    throw new BuildError(`${path} already exists and is not empty`);
  }
  await Deno.mkdir(appDir, { recursive: true });
  await Deno.writeTextFile(join(appDir, "Directive.yaml"), newDirective(name, FIRST_RUNNABLE));
  await Deno.writeTextFile(join(appDir, "README.md"), appReadme(name, template));
  await Deno.writeTextFile(
    join(appDir, ".gitignore"),
    [...IGNORED, ...template.ignore].join("\n") + "\n",
  );
  const files = await writeRunnable(appDir, name, FIRST_RUNNABLE, template);
  return { appDir, template, files: ["Directive.yaml", "README.md", ".gitignore", ...files] };
}

/**
 * Adds the Runnable `name` to the app in `appDir`: its folder, what its language needs in the
 * app folder, a `POST /<name>` handler in the Directive, and the language's lines of
 * `.gitignore`. Without a `template`, the app's language ({@link appTemplate}).
 *
 * @throws BuildError when there is no Directive, the name is taken (a folder, a Runnable or the
 *   route), or the Directive cannot be edited
 */
export async function addRunnable(
  appDir: string,
  name: string,
  template?: LanguageTemplate,
): Promise<Created> {
  const directivePath = join(appDir, "Directive.yaml");
  const directive = await Deno.readTextFile(directivePath).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new BuildError(
      `${appDir} has no Directive.yaml: run \`stratos new runnable\` in an app's folder`,
    );
  });
  const chosen = template ?? await appTemplate(appDir);
  checkName(name, "Runnable", chosen.lang);
  if (await exists(join(appDir, name))) {
    throw new BuildError(`${join(appDir, name)} already exists`);
  }
  if ((await findRunnables(appDir)).some((r) => r.name === name)) {
    throw new BuildError(`the app already has a Runnable named '${name}'`);
  }
  const edited = addHandler(directive, directivePath, name, chosen.lang);
  const files = await writeRunnable(appDir, appModuleName(appDir), name, chosen);
  await Deno.writeTextFile(directivePath, edited);
  const ignore = await addIgnored(appDir, chosen.ignore);
  return { appDir, template: chosen, files: [...files, "Directive.yaml", ...ignore] };
}

/** Writes the Runnable's folder and what its language needs in the app folder. */
async function writeRunnable(
  appDir: string,
  appName: string,
  name: string,
  template: LanguageTemplate,
): Promise<string[]> {
  const files = { ".runnable.yaml": runnableSpec(name, template), ...template.runnable(name) };
  for (const [file, text] of Object.entries(files)) {
    await Deno.mkdir(join(appDir, name, file, ".."), { recursive: true });
    await Deno.writeTextFile(join(appDir, name, file), text);
  }
  const prepared = await template.prepareApp(appDir, appName);
  return [...Object.keys(files).map((file) => `${name}/${file}`), ...prepared];
}

/** The app's name for a Go module: its folder's, when that is a name `stratos new` accepts. */
function appModuleName(appDir: string): string {
  try {
    checkName(basename(appDir), "app");
    return basename(appDir);
  } catch {
    return "app";
  }
}

/**
 * Appends the `lines` that the app's `.gitignore` lacks (an app without one is left so); returns
 * `[".gitignore"]` when it changed it.
 */
async function addIgnored(appDir: string, lines: readonly string[]): Promise<string[]> {
  const path = join(appDir, ".gitignore");
  const current = await Deno.readTextFile(path).catch((error) => {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  });
  if (current === undefined) return [];
  const missing = lines.filter((line) => !current.split("\n").includes(line));
  if (missing.length === 0) return [];
  const start = current === "" || current.endsWith("\n") ? current : `${current}\n`;
  await Deno.writeTextFile(path, start + missing.join("\n") + "\n");
  return [".gitignore"];
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return false;
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}
