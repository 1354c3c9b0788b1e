import assert from "node:assert/strict";
import { markdownTable, median, quantile, summarize } from "./report.ts";

Deno.test("report - medians, summed errors, quantiles and tables", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.deepEqual(
    summarize([{ rps: 10, errors: 1 }, { rps: 30, errors: 2 }, { rps: 20, errors: 0 }]),
    {
      rps: 20,
      errors: 3,
    },
  );
  assert.equal(quantile([1, 2, 3, 4], 0.5), 3);
  assert.equal(quantile([1, 2, 3, 4], 0.99), 4);
  assert.equal(markdownTable(["a", "b"], [[1, "x"]]), "| a | b |\n| --- | --- |\n| 1 | x |");
});
