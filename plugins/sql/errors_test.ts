import assert from "node:assert/strict";
import { isConnectionError } from "./errors.ts";

const coded = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`error ${code}`), { code, ...extra });

Deno.test("isConnectionError - socket and driver connection errors", () => {
  for (
    const code of [
      "ECONNREFUSED",
      "CONNECTION_CLOSED",
      "CONNECT_TIMEOUT",
      "PROTOCOL_CONNECTION_LOST",
    ]
  ) {
    assert.equal(isConnectionError(coded(code)), true, code);
  }
  assert.equal(isConnectionError(coded("08006")), true, "connection_failure");
  assert.equal(isConnectionError(coded("28P01")), true, "invalid_password");
  assert.equal(isConnectionError(coded("57P01")), true, "admin_shutdown");
  assert.equal(isConnectionError(coded("ER_WHATEVER", { fatal: true })), true, "mysql2 fatal");
});

Deno.test("isConnectionError - statement errors are not", () => {
  assert.equal(isConnectionError(coded("42P01")), false, "undefined_table");
  assert.equal(isConnectionError(coded("23505")), false, "unique_violation");
  assert.equal(isConnectionError(coded("ER_NO_SUCH_TABLE", { fatal: false })), false);
  assert.equal(isConnectionError(new Error("plain")), false);
  assert.equal(isConnectionError("text"), false);
  assert.equal(isConnectionError(null), false);
});
