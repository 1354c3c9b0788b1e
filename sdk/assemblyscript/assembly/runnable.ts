// The Runnable side of an invocation: the exports the host calls (`allocate`, `deallocate`,
// `run_e` through `handle`) and the ways to deliver a result or an error.

import { return_error, return_result } from "./env";
import { ident, len, ptr, setIdent, utf8 } from "./ffi";
import { Result } from "./ffi";

/**
 * What a Runnable returns: output bytes (HTTP 200 in Stratos/Atmo) or an error with a code and
 * message (`return_error`; a code in 200–599 becomes the HTTP status, anything else 500, and the
 * Directive's `onErr` decides whether the sequence continues).
 */
export class Output {
  constructor(
    /** The output bytes (empty for an error). */
    public readonly body: ArrayBuffer,
    /** The error code, 0 for a successful output. */
    public readonly code: i32 = 0,
    /** The error message ("" for a successful output). */
    public readonly message: string = "",
  ) {}

  /** True when this output is an error. */
  get isError(): bool {
    return this.code != 0;
  }

  /** A successful output with raw bytes. */
  static bytes(body: ArrayBuffer): Output {
    return new Output(body);
  }

  /** A successful output with a UTF-8 text. */
  static text(body: string): Output {
    return new Output(String.UTF8.encode(body));
  }

  /** A successful, empty output. */
  static empty(): Output {
    return new Output(new ArrayBuffer(0));
  }

  /** An error (`RunErr{code, message}`); `code` must not be 0. */
  static error(code: i32, message: string): Output {
    return new Output(new ArrayBuffer(0), code == 0 ? 500 : code, message);
  }

  /** The data of a host call, or its error text as an error with `code` (default 500). */
  static from(result: Result, code: i32 = 500): Output {
    const err = result.error;
    return err === null ? new Output(result.bytes) : Output.error(code, err.message);
  }
}

// @ts-ignore: decorator
@lazy let delivered = false;

/** Sends `body` as the invocation's output now; later results of the same invocation are ignored. */
export function returnResult(body: ArrayBuffer): void {
  if (delivered) return;
  delivered = true;
  return_result(ptr(body), len(body), ident());
}

/** Sends an error as the invocation's result now; later results of the same invocation are ignored. */
export function returnError(code: i32, message: string): void {
  if (delivered) return;
  delivered = true;
  const msg = utf8(message);
  return_error(code, ptr(msg), len(msg), ident());
}

/** Delivers an `Output` (result or error). */
export function returnOutput(out: Output): void {
  if (out.isError) returnError(out.code, out.message);
  else returnResult(out.body);
}

/**
 * Runs one invocation: the body of the generated `run_e(ptr, size, ident)` export.
 *
 * Copies the input the host wrote at `ptr`, calls `run`, and delivers what it returns: an
 * `Output`, an `ArrayBuffer` or a `string` (null = no result, which the host treats as an empty
 * output). With `--runtime minimal` it then collects garbage, so a reused instance does not grow.
 */
export function handle<T>(
  inputPtr: usize,
  inputSize: usize,
  invocation: i32,
  run: (input: ArrayBuffer) => T,
): void {
  setIdent(invocation);
  delivered = false;
  const input = changetype<ArrayBuffer>(__new(inputSize, idof<ArrayBuffer>()));
  memory.copy(changetype<usize>(input), inputPtr, inputSize);
  deliver<T>(run(input));
  if (ASC_RUNTIME == 1) __collect(); // minimal runtime: nothing on the stack is needed any more
}

function deliver<T>(out: T): void {
  if (isNullable<T>()) {
    if (changetype<usize>(out) == 0) return;
  }
  if (isString<T>()) {
    returnResult(String.UTF8.encode(changetype<string>(out)));
  } else if (idof<nonnull<T>>() == idof<ArrayBuffer>()) {
    returnResult(changetype<ArrayBuffer>(out));
  } else if (idof<nonnull<T>>() == idof<Output>()) {
    returnOutput(changetype<Output>(out));
  } else {
    ERROR("a Runnable's run() must return Output, ArrayBuffer or string");
  }
}

/** Export as `allocate`: memory for the host to write the input into (`heap.alloc`). */
export function allocate(size: usize): usize {
  return heap.alloc(size);
}

/** Export as `deallocate`: frees memory returned by `allocate` (`heap.free`). */
export function deallocate(pointer: usize, size: usize): void {
  if (pointer != 0) heap.free(pointer);
}
