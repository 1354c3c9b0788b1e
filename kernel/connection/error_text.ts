/**
 * The text of an error thrown by a client library, fit for a log line, a health report or a
 * Runnable: its message, never its stack.
 *
 * @module
 */

/**
 * The text of `error`: its message; for an error without one, the messages inside an
 * AggregateError (Node's failed dual-stack connect), its `code`, or its name.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(errorText))].join("; ");
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : error.name;
}
