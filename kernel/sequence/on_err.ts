/**
 * Atmo's `onErr` decision (reference §1.4): whether a Runnable error stops the sequence.
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
