/**
 * Whether spans are exported: with `OTEL_DENO=true` (Deno's built-in OpenTelemetry, configured by
 * the standard `OTEL_*` variables), the OpenTelemetry exporter, loaded only then.
 *
 * @module
 */

import { readEnv } from "../plugins/settings.ts";
import type { SpanExporter } from "./trace.ts";

/** The span exporter the environment asks for, or undefined when tracing is off. */
export async function spanExporterFromEnv(
  env: (name: string) => string | undefined = readEnv,
): Promise<SpanExporter | undefined> {
  if (env("OTEL_DENO") !== "true") return undefined;
  const { otelExporter } = await import("./otel.ts");
  return otelExporter();
}
