/**
 * Load-time instrumentation of Runnable modules: budget checks, a tick, grow hooks, and caps on memories and tables.
 *
 * @module
 */

export {
  BUDGET_EXPORT,
  fillSlot,
  growSlot,
  IMPORTS_BY_REFERENCE_EXPORT,
  importSlot,
  instrument,
  type InstrumentOptions,
  MEMORY_EXPORT_PREFIX,
  START_EXPORT,
  TICK_TABLE_EXPORT,
} from "./instrument.ts";
export { BinaryError } from "./leb128.ts";
export { IMPORT_HELPER_SECTION } from "./import_helper.ts";
export { INVOKE_EXPORT } from "./invoke_export.ts";
