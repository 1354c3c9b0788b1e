import assert from "node:assert/strict";
import { emptyHistogram, observe } from "../../plugin.ts";
import { renderFamilies } from "./prometheus.ts";

Deno.test("renderFamilies - HELP and TYPE, escaped label values, families without series left out", () => {
  const text = renderFamilies([
    {
      name: "x_total",
      help: "Some\\thing\nmore.",
      type: "counter",
      samples: [{ labels: { handler: 'a"b\\c\nd' }, value: 3 }],
    },
    { name: "empty", help: "none", type: "gauge", samples: [] },
    { name: "up", help: "Up.", type: "gauge", samples: [{ labels: {}, value: 1 }] },
  ]);
  assert.equal(
    text,
    [
      "# HELP x_total Some\\\\thing\\nmore.",
      "# TYPE x_total counter",
      'x_total{handler="a\\"b\\\\c\\nd"} 3',
      "# HELP up Up.",
      "# TYPE up gauge",
      "up 1",
      "",
    ].join("\n"),
  );
});

Deno.test("renderFamilies - a histogram's buckets are cumulative, then +Inf, sum and count", () => {
  const data = emptyHistogram();
  observe(data, 0.2); // 0.0002 s: the first bucket
  observe(data, 3); // 0.003 s
  observe(data, 100_000); // past every bound
  const lines = renderFamilies([
    { name: "d_seconds", help: "D.", type: "histogram", samples: [{ labels: { m: "x" }, data }] },
  ]).trim().split("\n");
  assert.equal(lines[2], 'd_seconds_bucket{m="x",le="0.0005"} 1');
  assert.ok(lines.includes('d_seconds_bucket{m="x",le="0.005"} 2'));
  assert.ok(lines.includes('d_seconds_bucket{m="x",le="30"} 2'));
  assert.ok(lines.includes('d_seconds_bucket{m="x",le="+Inf"} 3'));
  assert.equal(lines.at(-1), 'd_seconds_count{m="x"} 3');
  assert.match(lines.at(-2)!, /^d_seconds_sum\{m="x"\} 100\.0032/);
});
