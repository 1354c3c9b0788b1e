/**
 * The plugin contract: everything a source, connection or capability plugin needs from Stratos,
 * and nothing of the runtime itself. Built-in and third-party plugins import this module (and the
 * backend interfaces of the capabilities they back) and nothing else of Stratos; it re-exports
 * only small leaf modules, so importing it never loads the runtime or the built-in plugins.
 *
 * @example A plugin that adds a host function
 * ```ts
 * import { defineHostFunction, definePlugin } from "@stratos/runtime/plugin"; // this module
 * export default definePlugin({
 *   name: "hello",
 *   setup(ctx) {
 *     ctx.registerHostFunction(defineHostFunction({
 *       name: "hello_name", params: 2, returns: true, ffi: true,
 *       call: (call, ptr, size) => call.ok(`hello ${call.memory.readString(ptr, size, "hello_name")}`),
 *     }));
 *   },
 * });
 * ```
 *
 * @module
 */

export {
  type ConnectionStatus,
  definePlugin,
  type HealthReport,
  type ModuleStats,
  type Plugin,
  type PluginContext,
  type PluginHooks,
} from "./kernel/plugins/types.ts";
export type { PluginManifest, PluginProvides } from "./kernel/plugins/manifest.ts";
export { LEASE_SERVICES, type LeaseStore } from "./kernel/plugins/lease.ts";
export { type NumericSetting, readEnv, readNumericSettings } from "./kernel/plugins/settings.ts";
export {
  Backoff,
  type BackoffOptions,
  CONNECTION_DEFAULTS,
  ConnectionHealth,
  connectionKnobs,
  type ConnectionReport,
  type ConnectionSettings,
  type ConnectionSettingsSpec,
  type ConnectionState,
  type ConnectRetryOptions,
  connectWithRetries,
  errorText,
  readConnectionSettings,
  settlesWithin,
} from "./kernel/connection/mod.ts";
export {
  defineHostFunction,
  type FFIVar,
  type HostCall,
  type HostFunction,
  type HostResult,
  type ModuleInfo,
} from "./kernel/wasm/host_function.ts";
export type { GuestMemory } from "./kernel/wasm/guest_memory.ts";
export {
  CoordinatedRequest,
  failure,
  type InvokeResult,
  type RequestInit,
  type RunErr,
  type SequenceOutcome,
  success,
} from "./kernel/request/mod.ts";
export {
  DirectiveError,
  formatProblem,
  type PluginCodeName,
  type PluginErrorCode,
  pluginErrorCode,
  type Problem,
  type SourceLocation,
  StratosError,
} from "./kernel/errors.ts";
export { ERROR_CODES, type ErrorCode, type ErrorCodeInfo } from "./kernel/error_codes.ts";
export {
  createLogger,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from "./kernel/log.ts";
export type * from "./kernel/directive/types.ts";
export { QUERY_TYPES, queryTypeCode } from "./kernel/directive/query_type.ts";
export { closestName } from "./kernel/directive/did_you_mean.ts";
export type { RuntimeOptions } from "./kernel/options.ts";
export type { AppSource } from "./kernel/app/app_source.ts";
export {
  ERROR_HEADER,
  failedReply,
  runStreamMessage,
  type StreamMessage,
  type StreamReply,
  unhandledReply,
} from "./kernel/stream/message.ts";
export { unwrapEnvelope } from "./kernel/stream/envelope.ts";
export {
  DEAD_LETTER_HEADERS,
  type DeliveryVerdict,
  judgeDelivery,
} from "./kernel/stream/delivery.ts";
export { InFlight } from "./kernel/stream/in_flight.ts";
export { type RouteMatch, Router } from "./kernel/router/mod.ts";
export type { IsolateLink, LinkHandler } from "./kernel/isolates/link.ts";
export {
  type Attributes,
  Counter,
  type CounterSnapshot,
  DURATION_BUCKETS,
  emptyHistogram,
  type HeaderSource,
  type HistogramData,
  MAX_REQUEST_ID_LENGTH,
  mergeTelemetry,
  observe,
  parseTraceparent,
  REQUEST_ID_HEADER,
  requestIdFrom,
  type SpanContext,
  type SpanRecord,
  type SpanRole,
  Telemetry,
  type TelemetrySnapshot,
  type TraceListener,
  type TraceLogLine,
  TRACEPARENT_HEADER,
  type TraceRecord,
  TraceSpan,
  Work,
  type WorkKind,
  type WorkSnapshot,
} from "./kernel/observe/mod.ts";
