/**
 * The toolkit of connection plugins: one health type and report for `GET /health`, one backoff
 * between attempts to reach a service again, bounded attempts at start-up, the knobs of both,
 * waiting with a time limit (for draining on stop), and error text fit for logs and reports.
 *
 * @module
 */

export { Backoff, type BackoffOptions } from "./backoff.ts";
export { type ConnectRetryOptions, connectWithRetries } from "./connect.ts";
export { errorText } from "./error_text.ts";
export { ConnectionHealth, type ConnectionReport, type ConnectionState } from "./health.ts";
export {
  CONNECTION_DEFAULTS,
  connectionKnobs,
  type ConnectionSettings,
  type ConnectionSettingsSpec,
  readConnectionSettings,
} from "./settings.ts";
export { settlesWithin } from "./settle.ts";
