/**
 * Shared support of the ABI conformance tests: a generator of hand-written WAT guests (a standard
 * prelude with a bump allocator, string constants placed with `(data ...)`, an output buffer the
 * guest appends records to, and a `run_e` body the test passes in) and a harness that wires a
 * {@link WasmRunner} to the capabilities' host functions with a log sink the tests read.
 *
 * Guest output format (written by `$emit`, `$emit_bytes`, `$ffi`, sent by `$flush`): a sequence of
 * little-endian i32 values and length-prefixed byte strings, read back with {@link Out}.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  type CacheBackend,
  cacheFunctions,
  SharedMemoryCache,
} from "../../capabilities/cache/mod.ts";
import { getStaticFile } from "../../capabilities/file/mod.ts";
import { logMsg } from "../../capabilities/log/mod.ts";
import { requestFunctions } from "../../capabilities/request/mod.ts";
import { respSetHeader } from "../../capabilities/response/mod.ts";
import type { AppSource } from "../../kernel/app/mod.ts";
import { defaultCapabilities } from "../../kernel/directive/mod.ts";
import type { CapabilityConfig } from "../../kernel/directive/types.ts";
import { createLogger, type LogLevel } from "../../kernel/log.ts";
import { CoordinatedRequest, type RequestInit } from "../../kernel/request/request.ts";
import { defineHostFunction, type HostFunction } from "../../kernel/wasm/host_function.ts";
import { ModuleError } from "../../kernel/wasm/module.ts";
import { HostFunctionRegistry } from "../../kernel/wasm/registry.ts";
import type { InvokeResult } from "../../kernel/request/mod.ts";
import { type LoadedModule, type RunnerOptions, WasmRunner } from "../../kernel/wasm/runner.ts";
import { wat } from "../../scripts/build/wat.ts";

// ---------------------------------------------------------------------------------------------
// Guest memory layout

/** Pages of every generated guest's memory. */
export const MEMORY_PAGES = 2;
/** Size in bytes of every generated guest's memory. */
export const MEMORY_BYTES = MEMORY_PAGES * 65536;
const DATA_BASE = 16;
const OUT_BASE = 0x4000;
const HEAP_BASE = 0x8000;

// ---------------------------------------------------------------------------------------------
// Import signatures

interface Signature {
  module: string;
  /** i32 parameters (for `env` host functions: before the trailing `ident`). */
  params: number;
  result: boolean;
}

/** The `env` host functions under test (Atmo v0.4.7's), params without `ident`. */
export const HOST_FUNCTIONS: Readonly<Record<string, Signature>> = {
  return_result: { module: "env", params: 2, result: false },
  return_error: { module: "env", params: 3, result: false },
  return_abort: { module: "env", params: 6, result: false },
  get_ffi_result: { module: "env", params: 1, result: true },
  add_ffi_var: { module: "env", params: 4, result: true },
  log_msg: { module: "env", params: 3, result: false },
  cache_set: { module: "env", params: 5, result: true },
  cache_get: { module: "env", params: 2, result: true },
  request_get_field: { module: "env", params: 3, result: true },
  request_set_field: { module: "env", params: 5, result: true },
  resp_set_header: { module: "env", params: 4, result: false },
  get_static_file: { module: "env", params: 2, result: true },
};

const WASI: Readonly<Record<string, Signature>> = {
  fd_write: { module: "wasi_snapshot_preview1", params: 4, result: true },
  proc_exit: { module: "wasi_snapshot_preview1", params: 1, result: false },
};

// ---------------------------------------------------------------------------------------------
// WAT expression generators

/** A WAT argument: an expression, or a number made into an `i32.const`. */
export type Arg = string | number;

const arg = (a: Arg) => typeof a === "number" ? `(i32.const ${a | 0})` : a;

/** The `ident` the host passed to the running `run_e`. */
export const IDENT = "(global.get $ident)";
/** An ident that is not the running invocation's. */
export const WRONG_IDENT = "(i32.add (global.get $ident) (i32.const 1))";
/** Sends everything emitted so far with `return_result`. */
export const FLUSH = "(call $flush)";
/** A guest trap. */
export const TRAP = "(unreachable)";

/** `(i32.const n)`. */
export function i32(n: number): string {
  return arg(n);
}

/** Calls host function `name` with `args` and the given ident (default: the right one). */
export function hostAs(ident: string, name: string, ...args: Arg[]): string {
  return `(call $${name} ${args.map(arg).join(" ")} ${ident})`;
}

/** Calls host function `name` with `args` and the running invocation's ident. */
export function host(name: string, ...args: Arg[]): string {
  return hostAs(IDENT, name, ...args);
}

/** Calls `<name>_swift`: `args`, the ident, then Swift's two extra (ignored) parameters. */
export function swift(name: string, ...args: Arg[]): string {
  return hostAs(`${IDENT} (i32.const 7777) (i32.const -9)`, `${name}_swift`, ...args);
}

/** A host call as a statement: its result, if any, is dropped. */
export function exec(name: string, ...args: Arg[]): string {
  const call = host(name, ...args);
  return HOST_FUNCTIONS[name]?.result ? `(drop ${call})` : call;
}

/** A fresh 64-byte guest buffer (from the bump allocator). */
export const SCRATCH = "(call $allocate (i32.const 64))";

/** Appends an i32 to the output. */
export function emit(value: Arg): string {
  return `(call $emit ${arg(value)})`;
}

/** Appends a length-prefixed byte range to the output. */
export function emitBytes(ptr: Arg, len: Arg): string {
  return `(call $emit_bytes ${arg(ptr)} ${arg(len)})`;
}

/**
 * Appends the size an FFI host call returned, then fetches the result the way the SDKs do
 * (allocate `|size|`, `get_ffi_result`) and appends the `get_ffi_result` return code and, if it
 * is 0, the bytes. Read back with {@link Out.ffi}.
 */
export function ffi(sizeExpr: Arg): string {
  return `(call $ffi ${arg(sizeExpr)})`;
}

// ---------------------------------------------------------------------------------------------
// Guest builder

/** The exports every Runnable must have, written down here apart from the kernel's own list. */
export const REQUIRED_EXPORTS = ["memory", "allocate", "deallocate", "run_e"] as const;

/** Escapes bytes for a WAT string literal. */
function watString(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    const printable = b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c;
    out += printable ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, "0")}`;
  }
  return `"${out}"`;
}

/** Little-endian i32 words, e.g. a WASI iovec. */
export function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setInt32(i * 4, v, true));
  return out;
}

/** A WAT module in the shape of a Runnable, built from a standard prelude and a `run_e` body. */
export class Guest {
  readonly #data: string[] = [];
  readonly #fields: string[] = [];
  readonly #imports: string[] = [];
  readonly #omit = new Set<string>();
  #next = DATA_BASE;
  #locals: string[] = [];
  #run = "";
  #allocate: string | undefined;

  /** Places `content` in a data segment; returns its address and length. */
  place(content: string | Uint8Array): { ptr: number; len: number } {
    const bytes = typeof content === "string" ? encode(content) : content;
    const ptr = this.#next;
    if (ptr + bytes.length > OUT_BASE) throw new Error("guest data area is full");
    this.#data.push(`(data (i32.const ${ptr}) ${watString(bytes)})`);
    this.#next = (ptr + bytes.length + 7) & ~7;
    return { ptr, len: bytes.length };
  }

  /** Places `content` and returns `(i32.const ptr) (i32.const len)`, a (ptr, size) argument pair. */
  str(content: string | Uint8Array): string {
    const { ptr, len } = this.place(content);
    return `${i32(ptr)} ${i32(len)}`;
  }

  /** The body of `run_e` (params `$ptr`, `$len`; `$ident` global set), as statements. */
  run(...statements: string[]): this {
    this.#run = statements.join("\n    ");
    return this;
  }

  /** Declares i32 locals of `run_e`. */
  locals(...names: string[]): this {
    this.#locals = names;
    return this;
  }

  /** Adds module fields (functions, globals, exports). */
  field(...fields: string[]): this {
    this.#fields.push(...fields);
    return this;
  }

  /** Declares an import the automatic detection does not know (e.g. a test's host function). */
  import(module: string, name: string, params: number, result: boolean): this {
    return this.rawImport(importDecl(module, name, name, params, result));
  }

  /** Adds an import declaration as written (e.g. a table or memory import). */
  rawImport(declaration: string): this {
    this.#imports.push(declaration);
    return this;
  }

  /** Replaces the body of `allocate` (param `$size`, returns the pointer). */
  allocate(body: string): this {
    this.#allocate = body;
    return this;
  }

  /** Leaves required exports out (the definitions stay, unexported). */
  without(...names: (typeof REQUIRED_EXPORTS)[number][]): this {
    for (const name of names) this.#omit.add(name);
    return this;
  }

  /** The module text. */
  toWat(): string {
    const exported = (name: string, kind: string, ref: string) =>
      this.#omit.has(name) ? "" : `(export "${name}" (${kind} ${ref}))`;
    const body = [
      `(memory $mem ${MEMORY_PAGES})`,
      exported("memory", "memory", "$mem"),
      `(global $ident (mut i32) (i32.const 0))`,
      `(global $heap (mut i32) (i32.const ${HEAP_BASE}))`,
      `(global $out_len (mut i32) (i32.const 0))`,
      `(global $calls (mut i32) (i32.const 0))`,
      `(global $freed_ptr (mut i32) (i32.const -1))`,
      `(global $freed_len (mut i32) (i32.const -1))`,
      `(func $allocate (param $size i32) (result i32) (local $p i32)
        ${this.#allocate ?? BUMP_ALLOCATE})`,
      exported("allocate", "func", "$allocate"),
      `(func $deallocate (param $p i32) (param $n i32)
        (global.set $freed_ptr (local.get $p))
        (global.set $freed_len (local.get $n)))`,
      exported("deallocate", "func", "$deallocate"),
      PRELUDE_FUNCS,
      `(func $run_e (param $ptr i32) (param $len i32) (param $id i32)
        ${this.#locals.map((l) => `(local $${l} i32)`).join(" ")}
        (global.set $ident (local.get $id))
        (global.set $out_len (i32.const 0))
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        ${this.#run})`,
      exported("run_e", "func", "$run_e"),
      ...this.#fields,
      ...this.#data,
    ].filter((s) => s !== "").join("\n  ");
    const imports = [...this.#imports, ...detectImports(body)];
    return `(module\n  ${[...imports, body].join("\n  ")}\n)\n`;
  }

  /** Compiles the module. */
  bytes(): Promise<Uint8Array> {
    return wat(this.toWat());
  }
}

const BUMP_ALLOCATE = `
  (if (i32.gt_u (i32.add (global.get $heap) (local.get $size)) (i32.const ${MEMORY_BYTES}))
    (then (global.set $heap (i32.const ${HEAP_BASE}))))
  (local.set $p (global.get $heap))
  (global.set $heap
    (i32.and (i32.add (i32.add (local.get $p) (local.get $size)) (i32.const 7)) (i32.const -8)))
  (local.get $p)`;

const PRELUDE_FUNCS = `
  (func $emit (param $v i32)
    (i32.store (i32.add (i32.const ${OUT_BASE}) (global.get $out_len)) (local.get $v))
    (global.set $out_len (i32.add (global.get $out_len) (i32.const 4))))
  (func $emit_bytes (param $p i32) (param $n i32)
    (call $emit (local.get $n))
    (memory.copy (i32.add (i32.const ${OUT_BASE}) (global.get $out_len)) (local.get $p) (local.get $n))
    (global.set $out_len (i32.add (global.get $out_len) (local.get $n))))
  (func $ffi (param $size i32) (local $n i32) (local $p i32) (local $rc i32)
    (call $emit (local.get $size))
    (local.set $n (select (i32.sub (i32.const 0) (local.get $size)) (local.get $size)
      (i32.lt_s (local.get $size) (i32.const 0))))
    (local.set $p (call $allocate (local.get $n)))
    (local.set $rc (call $get_ffi_result (local.get $p) (global.get $ident)))
    (call $emit (local.get $rc))
    (call $emit_bytes (local.get $p) (select (local.get $n) (i32.const 0) (i32.eqz (local.get $rc)))))
  (func $flush
    (call $return_result (i32.const ${OUT_BASE}) (global.get $out_len) (global.get $ident)))`;

function importDecl(
  module: string,
  name: string,
  id: string,
  params: number,
  result: boolean,
): string {
  const ps = params > 0 ? ` (param${" i32".repeat(params)})` : "";
  return `(import "${module}" "${name}" (func $${id}${ps}${result ? " (result i32)" : ""}))`;
}

/** Imports for every known host or WASI function the module text calls. */
function detectImports(text: string): string[] {
  const names = new Set([...text.matchAll(/\(call \$([A-Za-z0-9_]+)/g)].map((m) => m[1]));
  const out: string[] = [];
  for (const name of names) {
    const base = name.endsWith("_swift") ? name.slice(0, -"_swift".length) : name;
    const host = HOST_FUNCTIONS[base];
    if (host) {
      const params = host.params + 1 + (base === name ? 0 : 2);
      out.push(importDecl("env", name, name, params, host.result));
    } else if (WASI[name]) {
      out.push(importDecl(WASI[name].module, name, name, WASI[name].params, WASI[name].result));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading guest output

/** Reads the records a guest emitted, in order. */
export class Out {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #pos = 0;

  /** @param bytes the invocation's output */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The output of `result`, failing the test if there is none. */
  static of(result: InvokeResult): Out {
    assert.ok(result.output, `expected output, got ${JSON.stringify(result)}`);
    return new Out(result.output);
  }

  /** Next i32. */
  i32(): number {
    const v = this.#view.getInt32(this.#pos, true);
    this.#pos += 4;
    return v;
  }

  /** Next byte string. */
  bytes(): Uint8Array {
    const n = this.i32();
    const v = this.#bytes.slice(this.#pos, this.#pos + n);
    assert.equal(v.length, n, "output truncated");
    this.#pos += n;
    return v;
  }

  /** Next byte string, decoded. */
  text(): string {
    return decode(this.bytes());
  }

  /** Next FFI record written by {@link ffi}. */
  ffi(): { size: number; rc: number; text: string } {
    return { size: this.i32(), rc: this.i32(), text: this.text() };
  }

  /** Asserts every record was read. */
  end(): void {
    assert.equal(this.#pos, this.#bytes.length, "unread guest output");
  }
}

/** The FFI record of a successful call returning `text`. */
export function okRecord(text: string): { size: number; rc: number; text: string } {
  return { size: encode(text).length, rc: 0, text };
}

/** The FFI record of a call failing with `message` (its size negated, the text as the result). */
export function errRecord(message: string): { size: number; rc: number; text: string } {
  return { size: -encode(message).length, rc: 0, text: message };
}

// ---------------------------------------------------------------------------------------------
// Host side

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of `text`. */
export function encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `bytes` decoded as UTF-8. */
export function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The FQFN the harness gives a module called `name`. */
export function fqfn(name: string): string {
  return `com.example.abi#default::${name}@v1.0.0`;
}

/** A request with test defaults, overridable field by field. */
export function request(init: Partial<RequestInit> = {}): CoordinatedRequest {
  return new CoordinatedRequest({ method: "GET", url: "/abi", id: "req-1", ...init });
}

/** Options of {@link Harness}. */
export interface HarnessOptions {
  /** Changes the default capability configuration before the host functions are built. */
  configure?: (caps: CapabilityConfig) => void;
  /** Log level of the collecting logger. @default "debug" */
  logLevel?: LogLevel;
  /** Runner pool bound. */
  maxInstances?: number;
  /** Runner instance reuse bound. */
  maxUses?: number;
  /** Files `get_static_file` serves, by name. */
  staticFiles?: Record<string, string>;
  /** An app whose static files `get_static_file` serves instead (e.g. a real project folder). */
  app?: AppSource;
  /** Cache backend. @default a fresh SharedMemoryCache of 1,000 entries and 1 MiB */
  cache?: CacheBackend;
  /** Declare the cache functions asynchronous (JSPI path). */
  asyncCache?: boolean;
  /** Extra host functions (owner `test`). */
  hostFunctions?: HostFunction[];
  /** Further runner options (time limit, memory budget, log budget...). */
  runner?: Omit<Partial<RunnerOptions>, "registry" | "capabilities" | "log">;
}

/**
 * A test host function `take_vars()` (FFI): the variables pushed with `add_ffi_var` as JSON,
 * cleared. Guests import it with {@link useTakeVars}.
 */
export const TAKE_VARS: HostFunction = defineHostFunction({
  name: "take_vars",
  params: 0,
  returns: true,
  ffi: true,
  call: (call) => call.ok(JSON.stringify(call.takeVars())),
});

/** A guest importing {@link TAKE_VARS}. */
export function useTakeVars(): Guest {
  return new Guest().import("env", "take_vars", 1, true);
}

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** A runner with the capabilities registered and a log that collects lines. */
export class Harness {
  /** Raw log lines, in order. */
  readonly lines: string[] = [];
  /** The capability configuration in use. */
  readonly capabilities: CapabilityConfig;
  /** The registry the runner resolves imports in. */
  readonly registry: HostFunctionRegistry = new HostFunctionRegistry();
  /** The runner under test. */
  readonly runner: WasmRunner;
  /** The cache backend. */
  readonly cache: CacheBackend;

  /** @param options configuration of the capabilities and the runner */
  constructor(options: HarnessOptions = {}) {
    const caps = defaultCapabilities();
    options.configure?.(caps);
    this.capabilities = caps;
    this.cache = options.cache ?? new SharedMemoryCache({ maxEntries: 1000, maxBytes: 1 << 20 });
    const files = options.staticFiles ?? {};
    const app = options.app ?? {
      staticFile: (name: string) => Object.hasOwn(files, name) ? encode(files[name]) : undefined,
    } as Pick<AppSource, "staticFile"> as AppSource;
    const handler = caps.requestHandler;
    const fns: HostFunction[] = [
      logMsg(caps.logger.enabled),
      respSetHeader(handler.enabled && handler.allowSetField),
      getStaticFile(app, caps.file.enabled),
      ...requestFunctions(handler),
      ...cacheFunctions(caps.cache, { current: this.cache }, options.asyncCache ?? false),
    ];
    for (const fn of fns) this.registry.register(fn, "capabilities");
    for (const fn of options.hostFunctions ?? []) this.registry.register(fn, "test");
    const log = createLogger({
      level: options.logLevel ?? "debug",
      sink: (line) => this.lines.push(line),
    });
    // Only pass the pool bounds that are set (see the runner's explicit-undefined test).
    this.runner = new WasmRunner({
      registry: this.registry,
      capabilities: caps,
      log,
      ...(options.maxInstances === undefined ? {} : { maxInstances: options.maxInstances }),
      ...(options.maxUses === undefined ? {} : { maxUses: options.maxUses }),
      ...options.runner,
    });
  }

  /** Compiles (if needed) and loads a guest as module `name`. */
  async load(guest: Guest | Uint8Array, name = "guest"): Promise<LoadedModule> {
    const bytes = guest instanceof Guest ? await guest.bytes() : guest;
    return await this.runner.load({ name, fqfn: fqfn(name) }, bytes);
  }

  /** Runs `module` once. */
  async invoke(
    module: LoadedModule,
    input: {
      body?: string | Uint8Array;
      request?: CoordinatedRequest;
      state?: Map<string, Uint8Array>;
    } = {},
  ): Promise<InvokeResult> {
    const body = typeof input.body === "string" ? encode(input.body) : input.body;
    const req = input.request ?? request(body ? { body } : {});
    return await this.runner.invoke(module, req, input.state ?? new Map());
  }

  /** Loads `guest` and runs it once. */
  async run(
    guest: Guest,
    input?: Parameters<Harness["invoke"]>[1],
  ): Promise<InvokeResult> {
    return await this.invoke(await this.load(guest), input);
  }

  /** Parsed log lines. */
  logs(): LogLine[] {
    return this.lines.map((line) => JSON.parse(line));
  }

  /** Parsed log lines written through an invocation's logger (`log_msg`). */
  guestLogs(): LogLine[] {
    return this.logs().filter((line) => "ident" in line);
  }
}

/** Awaits `promise`, asserting it rejects with a {@link ModuleError} containing `fragments`. */
export async function expectModuleError(
  promise: Promise<unknown>,
  ...fragments: string[]
): Promise<ModuleError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof ModuleError, `expected a ModuleError, got ${caught}`);
  assert.equal(caught.code, "STRATOS_ERR_MODULE_INVALID");
  for (const fragment of fragments) {
    assert.ok(caught.message.includes(fragment), `'${caught.message}' lacks '${fragment}'`);
  }
  return caught;
}

/** Asserts `result` is an ABI/trap failure mentioning `fragments`, with no output or RunErr. */
export function expectFailure(result: InvokeResult, ...fragments: string[]): void {
  assert.equal(result.output, undefined);
  assert.equal(result.runErr, undefined);
  assert.ok(result.failure, `expected a failure, got ${JSON.stringify(result)}`);
  assert.match(result.failure, /^wasm execution error: /);
  for (const fragment of fragments) {
    assert.ok(result.failure.includes(fragment), `'${result.failure}' lacks '${fragment}'`);
  }
}
