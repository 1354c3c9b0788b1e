/**
 * The README's architecture tree matches the repository's folders (see tests/support/readme_tree.ts),
 * and the comparison itself finds each kind of mismatch on crafted folders.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../support/cli.ts";
import {
  architectureBlock,
  ignoredFolders,
  parseTree,
  treeProblems,
} from "../support/readme_tree.ts";

Deno.test("readme tree - the README's architecture tree lists exactly the repository's folders", async () => {
  const entries = parseTree(architectureBlock(await Deno.readTextFile(join(ROOT, "README.md"))));
  assert.ok(entries.some((e) => e.path === "kernel/wasm" && e.folder), "kernel/wasm/ is parsed");
  const ignored = ignoredFolders(await Deno.readTextFile(join(ROOT, ".gitignore")));
  assert.deepEqual(await treeProblems(ROOT, entries, ignored), []);
});

const README = (tree: string) => `# App\n\n## Architecture\n\n\`\`\`\n${tree}\`\`\`\n\nMore.\n`;

Deno.test("readme tree - the block under ## Architecture is parsed into paths", () => {
  const tree = "main.ts         entry\nkernel/\n  wasm/         Wasm\n    instrument/ rewriting\n" +
    "  runtime.ts    lifecycle\nplugins/        plugins\n";
  assert.deepEqual(parseTree(architectureBlock(README(tree))), [
    { path: "main.ts", folder: false, line: 1 },
    { path: "kernel", folder: true, line: 2 },
    { path: "kernel/wasm", folder: true, line: 3 },
    { path: "kernel/wasm/instrument", folder: true, line: 4 },
    { path: "kernel/runtime.ts", folder: false, line: 5 },
    { path: "plugins", folder: true, line: 6 },
  ]);
});

Deno.test("readme tree - a missing section, block or bad indentation is an error naming it", () => {
  assert.throws(() => architectureBlock("# App\n\n```\nkernel/\n```\n"), /no '## Architecture'/);
  assert.throws(() => architectureBlock("## Architecture\n\nNo tree.\n"), /no fenced tree block/);
  assert.throws(
    () => parseTree("kernel/\n   wasm/  odd\n"),
    /tree line 2 \('wasm\/ {2}odd'\): expected an indentation of 0 to 2 spaces .* found 3/,
  );
  assert.throws(() => parseTree("main.ts\n    deep/\n"), /tree line 2 .* 0 to 0 spaces/);
});

Deno.test("readme tree - .gitignore's top-level folders are not part of the repository", () => {
  assert.deepEqual(
    ignoredFolders("dist/\n/node_modules/\n.stratos/\n*.log\n/bench/.out/\n# c/\n"),
    ["dist", "node_modules", ".stratos"],
  );
});

Deno.test("readme tree - unlisted folders and listed entries that do not exist are reported", async () => {
  const root = await Deno.makeTempDir({ prefix: "stratos_readme_tree_" });
  try {
    for (const dir of ["kernel/wasm", "kernel/app", "plugins/http", "capabilities/lib/outbound"]) {
      await Deno.mkdir(join(root, dir), { recursive: true });
    }
    for (const dir of ["sdk/go", "dist", ".ci"]) {
      await Deno.mkdir(join(root, dir), { recursive: true });
    }
    await Deno.writeTextFile(join(root, "main.ts"), "");
    const tree = parseTree(
      "main.ts       entry\nmod.ts        gone\nkernel/\n  wasm/\n  router/     gone\n" +
        "plugins/\n  http/\ncapabilities/\n  lib/\n    outbound/\n    go_json/  gone\n" +
        "main.ts/      a file\n",
    );
    assert.deepEqual(await treeProblems(root, tree, ["dist"]), [
      "tree line 2: mod.ts does not exist",
      "tree line 5: kernel/router/ does not exist",
      "tree line 11: capabilities/lib/go_json/ does not exist",
      "tree line 12: main.ts is a file, the tree says folder",
      "sdk/ exists but the tree does not list it",
      "kernel/app/ exists but the tree does not list it",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
