/**
 * The logger capability: `log_msg(ptr, size, level)`. Levels 1 error, 2 warn,
 * 3 info, 4 debug, anything else info; a no-op when `capabilities.logger.enabled` is false.
 *
 * @module
 */

import { defineHostFunction, definePlugin, type HostFunction, type Logger } from "../../plugin.ts";

const LEVELS: Record<number, keyof Pick<Logger, "error" | "warn" | "info" | "debug">> = {
  1: "error",
  2: "warn",
  3: "info",
  4: "debug",
};

/** `log_msg`, writing through the invocation's scoped logger when `enabled`. */
export function logMsg(enabled: boolean): HostFunction {
  return defineHostFunction({
    name: "log_msg",
    repeatable: true,
    params: 3,
    returns: false,
    call(call, ptr, size, level) {
      // A line is cut at maxLogLine characters, which need at most 3 bytes each in UTF-8, so
      // a huge message costs no more than its kept part to decode.
      const keep = Math.min(size, 3 * call.maxLogLine);
      const message = call.memory.readString(ptr, size, "log_msg", keep);
      if (!enabled) return;
      call.log[LEVELS[level] ?? "info"](message, keep < size ? { message_bytes: size } : undefined);
    },
  });
}

export default definePlugin({
  name: "log",
  setup(ctx) {
    ctx.registerHostFunction(logMsg(ctx.capabilities.logger.enabled));
  },
});
