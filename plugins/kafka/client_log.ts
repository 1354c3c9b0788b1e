/**
 * kafkajs's own log, routed to the plugin's logger: warnings and errors only, as `warn` lines
 * (kafkajs retries what it logs as an error; the plugin logs what finally fails). Error
 * responses of single requests, which kafkajs logs before retrying them, go to `debug`.
 * Connection failures are also passed to `onConnectionError` (the health check).
 *
 * @module
 */

import { type logCreator, type LogEntry, logLevel } from "kafkajs";
import type { Logger } from "../../plugin.ts";

/** A kafkajs `logCreator` writing to `log`. */
export function clientLogCreator(
  log: Logger,
  onConnectionError: (message: string) => void = () => {},
): logCreator {
  return () => (entry: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _logger, stack: _stack, ...fields } = entry.log;
    if (entry.level > logLevel.WARN) return;
    if (entry.namespace === "Connection") {
      if (message.startsWith("Response ")) {
        if (log.enabled("debug")) log.debug(`kafkajs: ${message}`, fields);
        return;
      }
      if (message.startsWith("Connection")) onConnectionError(message);
    }
    log.warn(`kafkajs: ${message}`, { namespace: entry.namespace, ...fields });
  };
}
