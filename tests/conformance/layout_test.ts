/**
 * The layout of examples/conformance: three language folders that are one app (the same
 * Directive, Queries and static files, linked from the shared ones) with the same Runnables, each
 * with a committed module of the Runnable ABI's shape.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { findRunnables, verifyGoModule, verifyModule } from "../../scripts/build/mod.ts";
import { CONFORMANCE_DIR, LANGUAGES, RUNNABLE_LANG, RUNNABLE_NAMES } from "./support.ts";

Deno.test("conformance layout - every language folder links the shared app files", async () => {
  for (const language of LANGUAGES) {
    for (const shared of ["Directive.yaml", "Queries.yaml", "static"]) {
      const link = join(CONFORMANCE_DIR, language, shared);
      assert.ok((await Deno.lstat(link)).isSymlink, `${language}/${shared} must link ../${shared}`);
      assert.equal(await Deno.realPath(link), await Deno.realPath(join(CONFORMANCE_DIR, shared)));
    }
  }
});

Deno.test("conformance layout - every language has the same Runnables, built", async () => {
  for (const language of LANGUAGES) {
    const runnables = await findRunnables(join(CONFORMANCE_DIR, language));
    assert.deepEqual(
      runnables.map((r) => `${r.namespace}::${r.name} (${r.lang})`),
      RUNNABLE_NAMES.map((name) => `default::${name} (${RUNNABLE_LANG[language]})`),
      language,
    );
    for (const runnable of runnables) {
      const bytes = await Deno.readFile(join(runnable.dir, `${runnable.name}.wasm`));
      const label = `${language}/${runnable.name}`;
      if (language === "go") verifyGoModule(bytes, label);
      else verifyModule(bytes, label);
    }
  }
});
