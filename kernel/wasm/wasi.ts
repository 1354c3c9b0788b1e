/**
 * WASI preview1 for Runnables, on the well-kept `@bjorn3/browser_wasi_shim`: no arguments, no
 * environment, no preopened directories, an empty stdin, and stdout/stderr forwarded to the log
 * line by line (reference §3.1).
 *
 * @module
 */

import { ConsoleStdout, File, OpenFile, WASI, WASIProcExit } from "@bjorn3/browser_wasi_shim";
import type { Logger } from "../log.ts";

/** The WASI imports of one instance, and a way to attach it to the instance once created. */
export interface WasiBinding {
  /** The `wasi_snapshot_preview1` import object. */
  readonly imports: WebAssembly.ModuleImports;
  /** Points the shim at the instance's memory; call right after instantiation. */
  attach(instance: WebAssembly.Instance): void;
  /** Logs output still waiting for its newline (after each invocation, so nothing is lost). */
  flush(): void;
}

/** Splits a byte stream into log lines; `flush` emits a trailing partial line. */
class LineLog {
  #pending = "";
  readonly #decoder = new TextDecoder();

  constructor(readonly emit: (line: string) => void) {}

  write(bytes: Uint8Array): void {
    const lines = (this.#pending + this.#decoder.decode(bytes, { stream: true })).split("\n");
    this.#pending = lines.pop()!;
    for (const line of lines) this.emit(line);
  }

  flush(): void {
    if (this.#pending === "") return;
    this.emit(this.#pending);
    this.#pending = "";
  }
}

/** Creates the WASI imports of one instance; guest output goes to `log`. */
export function createWasi(log: Logger): WasiBinding {
  const out = new LineLog((line) => log.info(line, { stream: "stdout" }));
  const err = new LineLog((line) => log.warn(line, { stream: "stderr" }));
  const fds = [
    new OpenFile(new File(new Uint8Array(0), { readonly: true })),
    new ConsoleStdout((bytes) => out.write(bytes)),
    new ConsoleStdout((bytes) => err.write(bytes)),
  ];
  const wasi = new WASI([], [], fds);
  return {
    imports: wasi.wasiImport as WebAssembly.ModuleImports,
    attach(instance) {
      wasi.inst = instance as unknown as WASI["inst"];
    },
    flush() {
      out.flush();
      err.flush();
    },
  };
}

/** Names of the WASI preview1 functions the shim provides. */
export const WASI_FUNCTIONS: ReadonlySet<string> = new Set(
  Object.keys(new WASI([], [], []).wasiImport),
);

/** Returns the exit code if `error` is WASI's `proc_exit`, otherwise `undefined`. */
export function exitCode(error: unknown): number | undefined {
  return error instanceof WASIProcExit ? error.code : undefined;
}
