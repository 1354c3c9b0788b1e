/**
 * Test support: an error validator for `assert.throws` / `assert.rejects` that checks a
 * {@link StratosError}'s code and, optionally, its message.
 *
 * @module
 */

import assert from "node:assert/strict";
import { StratosError } from "../../kernel/errors.ts";

/**
 * Returns a validator accepting only a StratosError with `code` and a message equal to (string)
 * or matching (RegExp) `message`.
 */
export function stratosError(code: string, message?: string | RegExp): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof StratosError, `expected a StratosError, got ${error}`);
    assert.equal(error.code, code);
    if (typeof message === "string") assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  };
}
