/**
 * The languages `stratos new` writes Runnables in, by the names `--lang` accepts (the build's
 * names and Subo's aliases).
 *
 * @module
 */

import { BuildError, findRunnables, languageOf } from "../build/mod.ts";
import { ASSEMBLYSCRIPT } from "./assemblyscript.ts";
import { GO } from "./go.ts";
import { RUST } from "./rust.ts";
import type { LanguageTemplate } from "./template.ts";

/** Each language's template, by every name `--lang` accepts. */
const TEMPLATES: Readonly<Record<string, LanguageTemplate>> = {
  assemblyscript: ASSEMBLYSCRIPT,
  as: ASSEMBLYSCRIPT,
  rust: RUST,
  rs: RUST,
  go: GO,
};

/** The language names `--lang` accepts, for messages. */
export const LANGUAGE_NAMES = "assemblyscript (or as), rust (or rs), go";

/**
 * The template of `lang`.
 *
 * @throws BuildError for a language `stratos new` has no template for
 */
export function templateOf(lang: string): LanguageTemplate {
  const template = Object.hasOwn(TEMPLATES, lang.toLowerCase())
    ? TEMPLATES[lang.toLowerCase()]
    : undefined;
  if (!template) throw new BuildError(`unknown language '${lang}' (expected ${LANGUAGE_NAMES})`);
  return template;
}

/**
 * The template a new Runnable of the app in `appDir` gets without `--lang`: the language of the
 * app's Runnables when they all have one, else AssemblyScript.
 */
export async function appTemplate(appDir: string): Promise<LanguageTemplate> {
  const languages = new Set<string>();
  for (const runnable of await findRunnables(appDir)) {
    try {
      languages.add(languageOf(runnable));
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
    }
  }
  const [only] = languages;
  return languages.size === 1 && Object.hasOwn(TEMPLATES, only) ? TEMPLATES[only] : ASSEMBLYSCRIPT;
}
