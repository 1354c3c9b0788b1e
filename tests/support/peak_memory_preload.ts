/**
 * Test support, preloaded into a Stratos process (`deno run --preload`) so a test can read the
 * peak resident memory of a process that ends by itself: as the process exits it prints
 * `peak-memory-probe` on stderr and waits for a byte (or the end) on stdin, while the test
 * reads `VmHWM` from /proc/PID/status. (The process itself may not read /proc without
 * `--allow-all`, and its own `ru_maxrss` counts the test process it was forked from.)
 *
 * @module
 */

globalThis.addEventListener("unload", () => {
  Deno.stderr.writeSync(new TextEncoder().encode("peak-memory-probe\n"));
  Deno.stdin.readSync(new Uint8Array(1));
});
