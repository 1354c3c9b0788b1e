/**
 * The logger capability: `log_msg(ptr, size, level)` (reference §3.4). Levels 1 error, 2 warn,
 * 3 info, 4 debug, anything else info; a no-op when `capabilities.logger.enabled` is false.
 *
 * @module
 */

import { defineHostFunction, definePlugin, type HostFunction, type Logger } from "../../mod.ts";

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
    params: 3,
    returns: false,
    call(call, ptr, size, level) {
      const message = call.memory.readString(ptr, size, "log_msg");
      if (enabled) call.log[LEVELS[level] ?? "info"](message);
    },
  });
}

export default definePlugin({
  name: "log",
  setup(ctx) {
    ctx.registerHostFunction(logMsg(ctx.capabilities.logger.enabled));
  },
});
