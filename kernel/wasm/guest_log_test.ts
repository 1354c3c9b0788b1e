import assert from "node:assert/strict";
import { createLogger } from "../log.ts";
import { GuestLog } from "./guest_log.ts";

function sink() {
  const lines: Record<string, unknown>[] = [];
  const base = createLogger({ level: "info", sink: (l) => lines.push(JSON.parse(l)) });
  return { lines, base };
}

Deno.test("guest log - a flood writes the budget and one summary line", () => {
  const { lines, base } = sink();
  const log = new GuestLog(base, { lines: 10, bytes: 1000, lineBytes: 50 }, false);
  for (let i = 0; i < 100_000; i++) log.info(`line ${i}`);
  log.close();
  assert.equal(lines.length, 11);
  assert.equal(lines[9].msg, "line 9");
  assert.equal(lines[10].level, "warn");
  assert.equal(lines[10].dropped_lines, 99_990);
});

Deno.test("guest log - long lines are cut, and the character budget counts", () => {
  const { lines, base } = sink();
  const log = new GuestLog(base, { lines: 100, bytes: 120, lineBytes: 50 }, false);
  log.warn("x".repeat(1_000_000));
  log.warn("y".repeat(60));
  log.warn("z".repeat(30));
  log.close();
  assert.equal(lines[0].msg, "x".repeat(50));
  assert.equal(lines[0].cut_from_chars, 1_000_000);
  assert.equal(lines[1].msg, "y".repeat(50));
  assert.equal(lines.length, 3, "the third line would pass 120 characters");
  assert.equal(lines[2].dropped_lines, 1);
});

Deno.test("guest log - held lines wait for commit", () => {
  const { lines, base } = sink();
  const log = new GuestLog(base, { lines: 2, bytes: 1000, lineBytes: 50 }, true);
  log.info("first");
  log.child({ stream: "stdout" }).info("second");
  log.info("over budget");
  assert.equal(lines.length, 0, "held back");
  log.close();
  assert.deepEqual(lines.map((l) => l.msg), [
    "first",
    "second",
    "log budget of the invocation spent: lines left out",
  ]);
  assert.equal(lines[1].stream, "stdout");
  log.info("after close");
  assert.equal(lines.length, 3, "the budget still holds after close");
});
