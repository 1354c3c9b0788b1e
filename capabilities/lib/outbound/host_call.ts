/**
 * The last step of every outbound host function: the result or the error goes to the Runnable
 * through the FFI result slot, redacted once more, and a failure is logged (redacted too).
 *
 * @module
 */

import type { HostCall } from "../../../plugin.ts";
import { OutboundError } from "./client.ts";
import type { Redactor } from "./redact.ts";

/**
 * Runs `work` for host function `name` and stores its result with `call.ok`, or, when it throws
 * an {@link OutboundError}, its message with `call.fail`. Other errors propagate (they are bugs,
 * and fail the invocation).
 *
 * @returns the FFI size (negative for an error)
 */
export async function respond(
  call: HostCall,
  name: string,
  redactor: Redactor,
  work: () => Promise<Uint8Array | string>,
): Promise<number> {
  try {
    const result = await work();
    return call.ok(typeof result === "string" ? redactor.text(result) : redactor.bytes(result));
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    const message = redactor.text(error.message);
    call.log[error.logLevel](`${name} failed`, { error: message });
    return call.fail(message);
  }
}
