// The FFI result protocol (a host call answers with a size: the result, or an error text when
// negative, which the guest then fetches with get_ffi_result) and the per-invocation state shared
// by every wrapper: the current `ident` and the last host error.

import { add_ffi_var, get_ffi_result } from "./env";

/** Text of the error reported when the host gives no detail (same wording as the Rust crate). */
export const UNKNOWN_HOST_ERROR = "unknown error returned from host";

/** An error reported by the host for one host call; `message` is the host's own text. */
export class HostError {
  constructor(public readonly message: string) {}

  toString(): string {
    return this.message;
  }
}

/**
 * The outcome of a host call that returns data: either `bytes` (success) or an `error`.
 * On error, `bytes` is an empty buffer.
 */
export class Result {
  constructor(
    public readonly bytes: ArrayBuffer,
    public readonly error: HostError | null = null,
  ) {}

  /** True when the host call succeeded. */
  get ok(): bool {
    return this.error === null;
  }

  /** True when the host call failed. */
  get isErr(): bool {
    return this.error !== null;
  }

  /** The data decoded as UTF-8 (empty on error). */
  text(): string {
    return String.UTF8.decode(this.bytes);
  }

  /** The host's error text, or "" on success. */
  errorMessage(): string {
    const err = this.error;
    return err === null ? "" : err.message;
  }

  /** The data; aborts the invocation (HTTP 500 from the runtime) with the host's error text on error. */
  unwrap(): ArrayBuffer {
    const err = this.error;
    if (err !== null) abort(err.message);
    return this.bytes;
  }

  /** Like `unwrap()`, decoded as UTF-8. */
  unwrapText(): string {
    return String.UTF8.decode(this.unwrap());
  }

  /** The error text on error, else the data as UTF-8. */
  toString(): string {
    const err = this.error;
    return err === null ? this.text() : err.message;
  }
}

// @ts-ignore: decorator
@lazy let currentIdent: i32 = 0;
// @ts-ignore: decorator
@lazy let lastErr: HostError | null = null;

/** The `ident` of the invocation in progress (echoed as the last argument of every host call). */
// @ts-ignore: decorator
@inline export function ident(): i32 {
  return currentIdent;
}

/** Sets the invocation `ident`; called by the entry point, rarely needed by user code. */
export function setIdent(value: i32): void {
  currentIdent = value;
  lastErr = null;
}

/** The error of the most recent host call made through this SDK, or null if it succeeded. */
export function lastError(): HostError | null {
  return lastErr;
}

/** Records the outcome of a host call for `lastError()` and returns `error`. */
export function recordError(error: HostError | null): HostError | null {
  lastErr = error;
  return error;
}

/** Shorthand for `recordError(new HostError(message))`. */
export function fail(message: string): HostError {
  const error = new HostError(message);
  lastErr = error;
  return error;
}

/**
 * Completes a host call that returned `size`: always fetches the pending FFI result with
 * `get_ffi_result` (also for size 0 and for error sizes) and turns it into a `Result`.
 * A negative size means the pending result holds the host's error text of `-size` bytes.
 */
export function ffiResult(size: i32): Result {
  const len = size < 0 ? -size : size;
  const buf = changetype<ArrayBuffer>(__new(<usize>len, idof<ArrayBuffer>()));
  const code = get_ffi_result(changetype<usize>(buf), currentIdent);
  if (code != 0) {
    // Nothing was pending: -1 (and -2 for fetch_url) come without a message.
    return new Result(new ArrayBuffer(0), fail(UNKNOWN_HOST_ERROR));
  }
  if (size < 0) {
    return new Result(new ArrayBuffer(0), fail(String.UTF8.decode(buf)));
  }
  lastErr = null;
  return new Result(buf);
}

/** Like `ffiResult`, for calls whose data is irrelevant (setters): null on success. */
export function ffiStatus(size: i32): HostError | null {
  return ffiResult(size).error;
}

/** Encodes a string as UTF-8 (no terminator). */
export function utf8(value: string): ArrayBuffer {
  return String.UTF8.encode(value);
}

/** Pointer to the first byte of a buffer. */
// @ts-ignore: decorator
@inline export function ptr(buf: ArrayBuffer): usize {
  return changetype<usize>(buf);
}

/** Length in bytes of a buffer, as the host expects it. */
// @ts-ignore: decorator
@inline export function len(buf: ArrayBuffer): usize {
  return <usize>buf.byteLength;
}

/** Pushes one named variable for the next `db_exec` (`add_ffi_var`); false if the host refused it. */
export function addVar(name: string, value: string): bool {
  const n = utf8(name);
  const v = utf8(value);
  return add_ffi_var(ptr(n), len(n), ptr(v), len(v), currentIdent) == 0;
}
