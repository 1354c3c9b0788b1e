import assert from "node:assert/strict";
import { errorDocs, renderErrorDocs } from "./error_docs.ts";

Deno.test("docs/errors.md is what the error catalog generates (run scripts/codegen/error_docs.ts if this fails)", async () => {
  const committed = await Deno.readTextFile(new URL("../../docs/errors.md", import.meta.url));
  assert.equal(committed, await errorDocs());
});

Deno.test("error docs - each code gets a heading with its meaning and what to do, in catalog order", () => {
  const text = renderErrorDocs({
    STRATOS_ERR_USAGE: { meaning: "The command line is wrong.", action: "Read the usage." },
    STRATOS_ERR_TIMEOUT: { meaning: "It ran too long.", action: "Raise `--timeout`." },
  });
  assert.ok(
    text.endsWith(
      "## Codes\n\n### `STRATOS_ERR_USAGE`\n\nThe command line is wrong.\n\n" +
        "**What to do:** Read the usage.\n\n### `STRATOS_ERR_TIMEOUT`\n\nIt ran too long.\n\n" +
        "**What to do:** Raise `--timeout`.\n",
    ),
    text,
  );
});
