/**
 * Load-time instrumentation of Runnable modules: interruptible loops and memory caps.
 *
 * @module
 */

export {
  instrument,
  type InstrumentOptions,
  START_EXPORT,
  TICK_TABLE_EXPORT,
} from "./instrument.ts";
export { BinaryError } from "./leb128.ts";
