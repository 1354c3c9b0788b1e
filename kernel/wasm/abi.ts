/**
 * The core of the Runnable ABI that every module may import, Atmo v0.4.7's functions of module
 * `env`: returning a result or an error, AssemblyScript's abort, fetching FFI results and pushing
 * FFI variables. Capabilities add the rest.
 *
 * @module
 */

import type { HostFunction } from "./host_function.ts";
import type { Invocation } from "./invocation.ts";

/** `return_result(ptr, size)`: sets the invocation's output (the first result or error wins). */
const returnResult: HostFunction = {
  name: "return_result",
  repeatable: true,
  params: 2,
  returns: false,
  call(call, ptr, size) {
    const inv = call as Invocation;
    const bytes = inv.memory.read(ptr, size, "return_result");
    if (!inv.finished) inv.output = bytes;
  },
};

/** `return_error(code, ptr, size)`: sets the invocation's RunErr. */
const returnError: HostFunction = {
  name: "return_error",
  repeatable: true,
  params: 3,
  returns: false,
  call(call, code, ptr, size) {
    const inv = call as Invocation;
    const message = inv.memory.readString(ptr, size, "return_error");
    if (!inv.finished) inv.runErr = { code, message };
  },
};

/** `return_abort(msg, msgSize, file, fileSize, line, col)`: AssemblyScript's abort, code -1. */
const returnAbort: HostFunction = {
  name: "return_abort",
  repeatable: true,
  params: 6,
  returns: false,
  call(call, msgPtr, msgSize, filePtr, fileSize, line, col) {
    const inv = call as Invocation;
    const msg = inv.memory.readString(msgPtr, msgSize, "return_abort");
    const file = inv.memory.readString(filePtr, fileSize, "return_abort");
    if (!inv.finished) {
      inv.runErr = {
        code: -1,
        message: `runnable abort: ${msg}; file: ${file}, line: ${line}, col: ${col}`,
      };
      inv.aborted = true;
    }
  },
};

/** `get_ffi_result(ptr)`: copies the pending result to `ptr`; 0, or -1 if none is pending. */
const getFFIResult: HostFunction = {
  name: "get_ffi_result",
  repeatable: true,
  params: 1,
  returns: true,
  call(call, ptr) {
    const inv = call as Invocation;
    const bytes = inv.takeResult();
    if (bytes === undefined) return -1;
    // A bad pointer throws here and fails the whole invocation.
    inv.memory.write(ptr, bytes, "get_ffi_result");
    return 0;
  },
};

/** `add_ffi_var(name, nameSize, value, valueSize)`: pushes a variable for the next `db_exec`. */
const addFFIVar: HostFunction = {
  name: "add_ffi_var",
  repeatable: true,
  params: 4,
  returns: true,
  call(call, namePtr, nameSize, valPtr, valSize) {
    call.addVar({
      name: call.memory.readString(namePtr, nameSize, "add_ffi_var"),
      value: call.memory.readString(valPtr, valSize, "add_ffi_var"),
    });
    return 0;
  },
};

/** The host functions of the ABI core, always linked. */
export const ABI_FUNCTIONS: readonly HostFunction[] = [
  returnResult,
  returnError,
  returnAbort,
  getFFIResult,
  addFFIVar,
];
