/**
 * The app of the pure vs I/O-import benchmark: two hand-written WAT Runnables that answer with
 * `hello <body>`, byte for byte the same code, one importing only `return_result`, the other also
 * importing the I/O host functions an SDK-built Runnable typically imports (and never calling
 * them). The app serves `POST /pure/hello` and `POST /io/hello`; each is started with the real
 * CLI.
 *
 * @module
 */

import { wat } from "../scripts/build/wat.ts";
import { freePort, type ServerProcess, startDeno, stratosArgs } from "./process.ts";

/** A host function's shape: i32 parameters before the trailing i32 `ident`, and an i32 result. */
export interface ImportShape {
  /** i32 parameters, not counting `ident`. */
  params: number;
  /** Whether it returns an i32. */
  returns: boolean;
}

/** The I/O host functions the I/O Runnable imports (module `env`). */
export const IO_IMPORTS: Readonly<Record<string, ImportShape>> = {
  fetch_url: { params: 5, returns: true },
  graphql_query: { params: 4, returns: true },
  cache_get: { params: 2, returns: true },
  cache_set: { params: 5, returns: true },
  db_exec: { params: 3, returns: true },
  add_ffi_var: { params: 4, returns: true },
  get_ffi_result: { params: 1, returns: true },
  log_msg: { params: 3, returns: false },
  request_get_field: { params: 3, returns: true },
};

/** The two Runnables: `pure` imports only `return_result`, `io` also {@link IO_IMPORTS}. */
export type HelloKind = "pure" | "io";

/** The route of each Runnable. */
export const HELLO_ROUTES: Readonly<Record<HelloKind, string>> = {
  pure: "/pure/hello",
  io: "/io/hello",
};

/** An `env` import of `name` with `shape` (plus the trailing ident), as WAT. */
function importWat(name: string, shape: ImportShape): string {
  const params = " i32".repeat(shape.params + 1);
  return `  (import "env" "${name}" (func (param${params})${
    shape.returns ? " (result i32)" : ""
  }))`;
}

/**
 * The Runnable's text. The input always goes to offset 64 (an instance runs one invocation at a
 * time), right after the prefix `hello `, so the output is the 6 + size bytes from 58 and
 * nothing is copied.
 */
export function helloRunnableWat(kind: HelloKind): string {
  const io = kind === "io"
    ? Object.entries(IO_IMPORTS).map(([name, shape]) => importWat(name, shape))
    : [];
  return [
    `;; hello-${kind}: "hello " + input${kind === "io" ? ", importing I/O it never calls" : ""}`,
    "(module",
    `  (import "env" "return_result" (func $return_result (param i32 i32 i32)))`,
    ...io,
    `  (memory (export "memory") 1)`,
    `  (data (i32.const 58) "hello ")`,
    `  (func (export "allocate") (param $size i32) (result i32) (local $pages i32)`,
    `    (local.set $pages (i32.shr_u (i32.add (local.get $size) (i32.const 65599)) (i32.const 16)))`,
    `    (if (i32.gt_u (local.get $pages) (memory.size))`,
    `      (then (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))`,
    `        (then (unreachable)))))`,
    `    (i32.const 64))`,
    `  (func (export "deallocate") (param i32 i32))`,
    `  (func (export "run_e") (param $ptr i32) (param $size i32) (param $ident i32)`,
    `    (call $return_result (i32.const 58) (i32.add (local.get $size) (i32.const 6))`,
    `      (local.get $ident))))`,
  ].join("\n");
}

/** The app's Directive. */
const DIRECTIVE = `identifier: com.stratos.bench.io-imports
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
${
  (Object.keys(HELLO_ROUTES) as HelloKind[]).map((kind) =>
    `  - type: request
    resource: ${HELLO_ROUTES[kind]}
    method: POST
    steps:
      - fn: hello-${kind}`
  ).join("\n")
}
`;

/** Writes the app (Directive and both modules, compiled from WAT) to a new temp folder. */
export async function writeHelloApp(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-bench-io-" });
  await Deno.writeTextFile(`${dir}/Directive.yaml`, DIRECTIVE);
  for (const kind of Object.keys(HELLO_ROUTES) as HelloKind[]) {
    await Deno.writeFile(`${dir}/hello-${kind}.wasm`, await wat(helloRunnableWat(kind)));
  }
  return dir;
}

/** Starts Stratos on the app in `dir` (with `workers` isolates, or the default). */
export async function startHelloApp(dir: string, workers?: number): Promise<ServerProcess> {
  const port = freePort();
  const extra = workers === undefined ? [] : ["--workers", String(workers)];
  return await startDeno(
    stratosArgs(dir, "--port", String(port), "--log-level", "warn", ...extra),
    port,
    "/health",
  );
}
