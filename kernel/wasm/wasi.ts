/**
 * WASI preview1 for Runnables, on the well-kept `@bjorn3/browser_wasi_shim`: no arguments, no
 * environment, no preopened directories, an empty stdin, and stdout/stderr forwarded to the log
 * line by line (a Runnable may import WASI; Rust's and Go's standard libraries do).
 *
 * @module
 */

import { ConsoleStdout, File, OpenFile, WASI, WASIProcExit } from "@bjorn3/browser_wasi_shim";
import type { Logger } from "../log.ts";
import { GuestMemory } from "./guest_memory.ts";
import { JSPI } from "./jspi.ts";
import { pollOneoff } from "./poll_oneoff.ts";

/** The WASI imports of one instance, and a way to attach it to the instance once created. */
export interface WasiBinding {
  /** The `wasi_snapshot_preview1` import object (`poll_oneoff` may suspend: JSPI only). */
  readonly imports: WebAssembly.ModuleImports;
  /** The same functions, plain (`poll_oneoff` returns a Promise when it would wait). */
  readonly functions: Readonly<Record<string, (...args: number[]) => unknown>>;
  /** Points the shim at the instance's memory; call right after instantiation. */
  attach(instance: WebAssembly.Instance): void;
  /** Logs output still waiting for its newline (after each invocation, so nothing is lost). */
  flush(): void;
}

/** Longest piece of guest output held while waiting for a newline, in characters. */
export const MAX_LINE = 64 * 1024;

/**
 * Splits a byte stream into log lines. `flush` (at the end of each invocation) emits a trailing
 * partial line; a line that grows past {@link MAX_LINE} characters without a newline is emitted
 * in pieces, so a guest writing without newlines holds no more than that. How many lines reach
 * the log, and how long, is the invocation's log budget's business (guest_log.ts).
 */
class LineLog {
  #pending = "";
  readonly #decoder = new TextDecoder();

  constructor(readonly emit: (line: string) => void) {}

  write(bytes: Uint8Array): void {
    const lines = (this.#pending + this.#decoder.decode(bytes, { stream: true })).split("\n");
    this.#pending = lines.pop()!;
    for (const line of lines) this.emit(line);
    while (this.#pending.length > MAX_LINE) {
      this.emit(this.#pending.slice(0, MAX_LINE));
      this.#pending = this.#pending.slice(MAX_LINE);
    }
  }

  flush(): void {
    if (this.#pending !== "") this.emit(this.#pending);
    this.#pending = "";
  }
}

/** The stream a line of guest output was written to. */
export type GuestStream = "stdout" | "stderr";

/** Where each line a guest writes to stdout or stderr goes. */
export type GuestOutput = (stream: GuestStream, line: string) => void;

/** Logs a line of guest output: stdout at info, stderr at warn, with the stream's name. */
export function logGuestOutput(log: Logger, stream: GuestStream, line: string): void {
  if (stream === "stdout") log.info(line, { stream });
  else log.warn(line, { stream });
}

/**
 * Creates the WASI imports of one instance; each line of guest output goes to `output` (the
 * running invocation's). `poll_oneoff` waits through JSPI and stops at `deadline()` (see
 * poll_oneoff.ts): the instance must run under `WebAssembly.promising` when the module imports
 * it.
 */
export function createWasi(output: GuestOutput, deadline: () => number): WasiBinding {
  const out = new LineLog((line) => output("stdout", line));
  const err = new LineLog((line) => output("stderr", line));
  const fds = [
    new OpenFile(new File(new Uint8Array(0), { readonly: true })),
    new ConsoleStdout((bytes) => out.write(bytes)),
    new ConsoleStdout((bytes) => err.write(bytes)),
  ];
  // The shim turns its debug output on unless told otherwise.
  const wasi = new WASI([], [], fds, { debug: false });
  let memory: GuestMemory | undefined;
  const poll = pollOneoff(() => memory!, deadline);
  return {
    imports: {
      ...wasi.wasiImport,
      poll_oneoff: new JSPI.Suspending(poll),
    } as WebAssembly.ModuleImports,
    functions: { ...wasi.wasiImport, poll_oneoff: poll } as Record<
      string,
      (...args: number[]) => unknown
    >,
    attach(instance) {
      wasi.inst = instance as unknown as WASI["inst"];
      memory = new GuestMemory(instance.exports.memory as WebAssembly.Memory);
    },
    flush() {
      out.flush();
      err.flush();
    },
  };
}

/** Names of the WASI preview1 functions the shim provides. */
export const WASI_FUNCTIONS: ReadonlySet<string> = new Set(
  Object.keys(new WASI([], [], [], { debug: false }).wasiImport),
);

/** WASI functions that may suspend the guest (a module importing one runs under JSPI). */
export const SUSPENDING_WASI_FUNCTIONS: ReadonlySet<string> = new Set(["poll_oneoff"]);

/** Returns the exit code if `error` is WASI's `proc_exit`, otherwise `undefined`. */
export function exitCode(error: unknown): number | undefined {
  return error instanceof WASIProcExit ? error.code : undefined;
}
