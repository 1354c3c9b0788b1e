/**
 * The response capability: `resp_set_header(key, keySize, value, valueSize)`.
 * Headers reach the HTTP response only if the sequence succeeds. Gated by
 * `capabilities.requestHandler` (Atmo's switch for the request and response functions).
 *
 * @module
 */

import { defineHostFunction, definePlugin, type HostFunction } from "../../plugin.ts";

/** `resp_set_header`; ignored when `enabled` is false. */
export function respSetHeader(enabled: boolean): HostFunction {
  return defineHostFunction({
    name: "resp_set_header",
    repeatable: true,
    params: 4,
    returns: false,
    call(call, keyPtr, keySize, valPtr, valSize) {
      const key = call.memory.readString(keyPtr, keySize, "resp_set_header");
      const value = call.memory.readString(valPtr, valSize, "resp_set_header");
      if (enabled) call.respHeaders.set(key, value);
    },
  });
}

export default definePlugin({
  name: "response",
  setup(ctx) {
    const config = ctx.capabilities.requestHandler;
    ctx.registerHostFunction(respSetHeader(config.enabled && config.allowSetField));
  },
});
