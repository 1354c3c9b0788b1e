/**
 * Telling a failed connection from a failed statement.
 *
 * A connection error makes the database unavailable until it answers again; a statement error
 * (bad SQL, a constraint, a bad value) is only that call's failure.
 *
 * @module
 */

/** Node socket errors, and the connection errors of postgres.js and mysql2. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_ACCESS_DENIED_ERROR",
  "ER_BAD_DB_ERROR",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
]);

/**
 * PostgreSQL SQLSTATEs meaning the session cannot be used: connection exceptions (08),
 * authentication (28), unknown database (3D000), shutdown or start-up (57P01-57P03), too many
 * connections (53300).
 */
const CONNECTION_SQLSTATE = /^(08...|28...|3D000|57P0[1-3]|53300)$/;

/** Whether `error` says the database cannot be reached or used, rather than the SQL failed. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, fatal } = error as { code?: unknown; fatal?: unknown };
  if (fatal === true) return true; // mysql2: the connection is gone
  if (typeof code !== "string") return false;
  return CONNECTION_CODES.has(code) || CONNECTION_SQLSTATE.test(code);
}
