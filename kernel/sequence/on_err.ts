/**
 * Atmo's `onErr` decision: whether a Runnable error stops the sequence (`return`, the default) or
 * lets it go on (`continue`), by the error's code (`code:`), or for `other` or `any` code.
 *
 * @module
 */

import type { ErrHandler } from "../directive/types.ts";

/** Returns true if an error with `code` must end the sequence ("return"). */
export function shouldReturn(onErr: ErrHandler | undefined, code: number): boolean {
  if (!onErr) return true;
  const codes = onErr.code;
  if (codes && Object.keys(codes).length > 0) {
    const action = codes[code];
    if (action !== undefined) return action !== "continue";
    return onErr.other !== "continue";
  }
  return onErr.any !== "continue";
}
