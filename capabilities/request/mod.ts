/**
 * The request capability: `request_get_field(type, key, keySize)` and
 * `request_set_field(type, key, keySize, value, valueSize)` (field types in fields.ts), gated by
 * `capabilities.requestHandler` (`enabled`, `allowGetField`, `allowSetField`).
 *
 * @module
 */

import {
  type CapabilityConfig,
  defineHostFunction,
  definePlugin,
  type HostFunction,
} from "../../plugin.ts";
import { FieldError, getField, setField } from "./fields.ts";

const NOT_ENABLED = "capability is not enabled";

/** `request_get_field` and `request_set_field` under `config`. */
export function requestFunctions(config: CapabilityConfig["requestHandler"]): HostFunction[] {
  const canGet = config.enabled && config.allowGetField;
  const canSet = config.enabled && config.allowSetField;
  return [
    defineHostFunction({
      name: "request_get_field",
      repeatable: true,
      params: 3,
      returns: true,
      ffi: true,
      call(call, type, keyPtr, keySize) {
        const key = call.memory.readString(keyPtr, keySize, "request_get_field");
        if (!canGet) return call.fail(NOT_ENABLED);
        try {
          return call.ok(getField(call, type, key));
        } catch (error) {
          if (error instanceof FieldError) return call.fail(error.message);
          throw error;
        }
      },
    }),
    defineHostFunction({
      name: "request_set_field",
      params: 5,
      returns: true,
      ffi: true,
      call(call, type, keyPtr, keySize, valPtr, valSize) {
        const key = call.memory.readString(keyPtr, keySize, "request_set_field");
        const value = call.memory.read(valPtr, valSize, "request_set_field");
        if (!canSet) return call.fail(NOT_ENABLED);
        try {
          setField(call, type, key, value);
          return call.ok("");
        } catch (error) {
          if (error instanceof FieldError) return call.fail(error.message);
          throw error;
        }
      },
    }),
  ];
}

export default definePlugin({
  name: "request",
  setup(ctx) {
    for (const fn of requestFunctions(ctx.capabilities.requestHandler)) {
      ctx.registerHostFunction(fn);
    }
  },
});
