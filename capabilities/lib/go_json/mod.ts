/**
 * Helpers for behaving exactly like Atmo where it shows: Go-compatible JSON.
 *
 * @module
 */

export { goJson } from "./go_json.ts";
