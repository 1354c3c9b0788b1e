import assert from "node:assert/strict";
import { formatFQFN } from "./fqfn.ts";
import { checkSteps, isFnStep, isGroupStep, type RunnableFinder } from "./steps.ts";
import { decodeFixture, lines } from "./test_utils.ts";

const find: RunnableFinder = (fn) =>
  ["a", "b", "c"].includes(fn)
    ? { name: fn, namespace: "default", fqfn: formatFQFN("com.x", "default", fn, "v1") }
    : undefined;

function check(steps: string, state: string[] = []) {
  const { raw, context, report } = decodeFixture(`schedules:\n  - steps:\n${steps}`);
  const available = new Set(state);
  const owner = { kind: "schedule" as const, name: "job", path: ["schedules", 0] };
  const typed = checkSteps(raw.schedules?.[0]?.steps ?? [], owner, available, find, context);
  return { typed, available, report };
}

Deno.test("binds fns to FQFNs and collects state keys", () => {
  const { typed, available, report } = check(
    "      - fn: a\n      - group:\n          - fn: b\n            as: bee\n          - fn: c\n" +
      "      - fn: a\n        with: {x: bee, y: c}\n",
  );
  assert.deepEqual(typed, [
    { fn: "a", fqfn: "com.x#default::a@v1" },
    {
      group: [
        { fn: "b", as: "bee", fqfn: "com.x#default::b@v1" },
        { fn: "c", fqfn: "com.x#default::c@v1" },
      ],
    },
    { fn: "a", with: { x: "bee", y: "c" }, fqfn: "com.x#default::a@v1" },
  ]);
  assert.deepEqual([...available], ["a", "bee", "c"]);
  assert.deepEqual(lines(report), []);
});

Deno.test("reports steps that are neither fn nor group, and forEach", () => {
  const { report } = check("      - {}\n      - forEach: {in: x}\n      - {fn: a, group: []}\n");
  assert.deepEqual(lines(report), [
    "3:9: step at position 0 for schedule job isn't an Fn or Group",
    "4:9: step at position 1 for schedule job is a 'forEach', which was removed in v0.4.0",
    "5:9: step at position 2 for schedule job isn't an Fn or Group",
  ]);
});

Deno.test("reports unknown fns and keys not yet in state", () => {
  const { report } = check(
    "      - fn: nope\n      - fn: a\n        with: {x: later, y: seed}\n      - fn: b\n        as: later\n",
    ["seed"],
  );
  assert.deepEqual(lines(report), [
    "3:13: schedule for job lists fn at step 0 that does not exist: nope (did you forget a namespace?)",
    "5:19: schedule for job has 'with' value at step 1 referencing a key that is not yet available " +
    "in the handler's state: later",
  ]);
});

Deno.test("reports Atmo's onErr rules", () => {
  const { typed, report } = check(
    "      - fn: a\n        onErr: {code: {404: continue, 500: explode}, any: continue}\n" +
      "      - fn: b\n        onErr: {any: maybe}\n" +
      "      - fn: c\n        onErr: {other: return}\n" +
      "      - fn: a\n        onErr: {code: {400: return}, other: later}\n",
  );
  assert.deepEqual(lines(report), [
    "4:44: schedule for job has 'onErr.code' value at step 0 with an invalid error directive for " +
    "code 500: explode",
    "4:59: schedule for job has 'onErr.any' value at step 0 while specific codes are specified, use " +
    "'other' instead",
    "6:22: schedule for job has 'onErr.any' value at step 1 with an invalid error directive: maybe",
    "8:24: schedule for job has 'onErr.other' value at step 2 while specific codes are not " +
    "specified, use 'any' instead",
    "10:45: schedule for job has 'onErr.any' value at step 3 with an invalid error directive: later",
  ]);
  assert.deepEqual(typed[0], {
    fn: "a",
    fqfn: "com.x#default::a@v1",
    onErr: { code: { 404: "continue" }, any: "continue" },
  });
});

Deno.test("isFnStep and isGroupStep follow Atmo's IsFn and IsGroup", () => {
  assert.equal(isFnStep({ fn: "a" }), true);
  assert.equal(isFnStep({ fn: "a", group: [] }), false);
  assert.equal(isGroupStep({ group: [{ fn: "a" }] }), true);
  assert.equal(isGroupStep({ group: [] }), false);
  assert.equal(isGroupStep({ fn: "a", group: [{ fn: "b" }] }), false);
});
