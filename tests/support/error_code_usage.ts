/**
 * Test support: the error catalog (`kernel/error_codes.ts`) checked against the repository's
 * text. Every `STRATOS_ERR_*` code written anywhere (code, tests, docs) must be in the catalog,
 * and every catalog code must be raised somewhere: written as a string literal in a `.ts` file
 * that is neither a test nor the catalog itself. Built-in code (the kernel, the plugins, the
 * capabilities) raises only catalogued codes: it never makes a third-party one with
 * `pluginErrorCode`.
 *
 * @module
 */

/** A `STRATOS_ERR_*` code anywhere in a text (comments, docs, messages). */
const MENTION = /STRATOS_ERR_[A-Z0-9_]*[A-Z0-9]/g;
/** A `STRATOS_ERR_*` code as a string literal (what code passes to `StratosError`). */
const LITERAL = /"(STRATOS_ERR_[A-Z0-9_]*[A-Z0-9])"/g;

/** A call making a third-party plugin's own code. */
const PLUGIN_CODE_CALL = /\bpluginErrorCode\(/;

/** The catalog module, which names every code without using it. */
export const CATALOG_PATH = "kernel/error_codes.ts";

/** Where `pluginErrorCode` is defined (its example calls it). */
const PLUGIN_CODE_HOME = "kernel/errors.ts";

/** Whether `path` is test code (a `*_test.ts` file or anything under `tests/`). */
function isTest(path: string): boolean {
  return path.startsWith("tests/") || path.endsWith("_test.ts");
}

/** Whether `path` is part of Stratos itself rather than an example or a third-party plugin. */
function isBuiltin(path: string): boolean {
  return /^(kernel|plugins|capabilities)\//.test(path);
}

/**
 * Every disagreement between `catalog` and `files` (repository-relative path to text), one line
 * each: codes written somewhere but not catalogued, catalogued codes no source raises, and
 * built-in sources that make third-party codes.
 */
export function errorCodeProblems(
  catalog: readonly string[],
  files: ReadonlyMap<string, string>,
): string[] {
  const known = new Set(catalog);
  const used = new Set<string>();
  const problems: string[] = [];
  for (const [path, text] of files) {
    for (const [code] of text.matchAll(MENTION)) {
      if (!known.has(code)) problems.push(`${path}: ${code} is not in ${CATALOG_PATH}`);
    }
    if (!path.endsWith(".ts") || isTest(path) || path === CATALOG_PATH) continue;
    for (const [, code] of text.matchAll(LITERAL)) used.add(code);
    if (isBuiltin(path) && path !== PLUGIN_CODE_HOME && PLUGIN_CODE_CALL.test(text)) {
      problems.push(`${path}: built-in code raises catalogued codes, not pluginErrorCode(...)`);
    }
  }
  for (const code of catalog) {
    if (!used.has(code)) problems.push(`${CATALOG_PATH}: ${code} is raised by no source`);
  }
  return problems;
}

/** The repository's `.ts` and `.md` files (tracked or not, without ignored ones), with texts. */
export async function repositoryTexts(root: string): Promise<Map<string, string>> {
  const listed = await new Deno.Command("git", {
    args: ["ls-files", "--cached", "--others", "--exclude-standard", "--", "*.ts", "*.md"],
    cwd: root,
    stdout: "piped",
  }).output();
  if (!listed.success) throw new Error(`git ls-files failed in ${root}`);
  const texts = new Map<string, string>();
  for (const path of new TextDecoder().decode(listed.stdout).split("\n")) {
    if (path === "") continue;
    // A file deleted in the work tree but still in the index is gone.
    const text = await Deno.readTextFile(`${root}${path}`).catch(() => undefined);
    if (text !== undefined) texts.set(path, text);
  }
  return texts;
}
