import assert from "node:assert/strict";
import { countJUnit } from "./runner.ts";

Deno.test("countJUnit - counts passed, failed, skipped and steps", () => {
  const xml = `<testsuites><testsuite>
    <testcase name="a" classname="x" time="0.001">
    </testcase>
    <testcase name="b"><failure message="boom">Error</failure></testcase>
    <testcase name="c"/>
    <testcase name="d"><skipped/></testcase>
    <testcase name="c &gt; s1"></testcase>
  </testsuite></testsuites>`;
  assert.deepEqual(countJUnit(xml), { passed: 3, failed: 1, skipped: 1 });
});
