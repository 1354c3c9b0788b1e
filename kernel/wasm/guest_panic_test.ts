import assert from "node:assert/strict";
import { MAX_PANIC_CHARS, PanicWatch } from "./guest_panic.ts";

function panicOf(lines: string[]): string | undefined {
  const watch = new PanicWatch();
  for (const line of lines) watch.push(line);
  return watch.message;
}

Deno.test("PanicWatch - Rust 1.63's one-line report, without the thread", () => {
  assert.equal(
    panicOf([
      `thread '<unnamed>' panicked at 'code "boom" is not a number', src/lib.rs:18:23`,
      "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
    ]),
    `panicked at 'code "boom" is not a number', src/lib.rs:18:23`,
  );
});

Deno.test("PanicWatch - newer Rust puts the message on the next line", () => {
  assert.equal(
    panicOf(["thread 'main' panicked at src/lib.rs:4:5:", "index out of bounds", "note: x"]),
    "panicked at src/lib.rs:4:5: index out of bounds",
  );
});

Deno.test("PanicWatch - Go's reports, however many goroutine lines follow; the last wins", () => {
  const trace = Array.from({ length: 200 }, (_, i) => `\truntime.frame${i}(...)`);
  assert.equal(panicOf(["panic: first", "", "goroutine 1 [running]:", ...trace]), "panic: first");
  assert.equal(
    panicOf(["panic: first", ...trace, "fatal error: out of memory", "", ...trace]),
    "fatal error: out of memory",
  );
});

Deno.test("PanicWatch - other output is no panic; a long report is cut", () => {
  assert.equal(panicOf([]), undefined);
  assert.equal(panicOf(["warning: low disk", "the panic: word", "it panicked at noon"]), undefined);
  const long = panicOf([`panic: ${"x".repeat(2 * MAX_PANIC_CHARS)}`])!;
  assert.equal(long.length, MAX_PANIC_CHARS + 1);
  assert.ok(long.startsWith("panic: xxx") && long.endsWith("…"));
});
