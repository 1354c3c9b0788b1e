/**
 * Numeric plugin settings ("knobs") read from the plugin's config, else an environment
 * variable, else a default, each checked against a minimum, with coded errors naming where the
 * bad value came from; and reading an environment variable without failing when the process may
 * not.
 *
 * @module
 */

import type { ErrorCode } from "../error_codes.ts";
import { type PluginErrorCode, StratosError } from "../errors.ts";

/** One knob: config key, environment variable, default and smallest accepted value. */
export interface NumericSetting<K extends string> {
  /** Key in the plugin's config. */
  key: K;
  /** Environment variable. */
  env: string;
  /** Value when neither is set. */
  default: number;
  /** Smallest accepted value. */
  min: number;
}

/**
 * Reads `specs` from `config` (first) or the environment (then) or their defaults.
 * @throws {StratosError} with `errorCode` (a catalog code, or a third-party plugin's own one),
 *   naming the config key or variable, the expected and the found value
 */
export function readNumericSettings<K extends string>(
  specs: readonly NumericSetting<K>[],
  config: Readonly<Record<string, unknown>>,
  env: (name: string) => string | undefined,
  errorCode: ErrorCode | PluginErrorCode,
): Record<K, number> {
  const settings = {} as Record<K, number>;
  for (const { key, env: name, default: fallback, min } of specs) {
    const [where, raw] = config[key] !== undefined
      ? [`config '${key}'`, config[key]]
      : [name, env(name)];
    if (raw === undefined || raw === "") {
      settings[key] = fallback;
      continue;
    }
    const value = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < min) {
      throw new StratosError(
        errorCode,
        `${where} must be an integer >= ${min}: found ${JSON.stringify(raw)}`,
      );
    }
    settings[key] = value;
  }
  return settings;
}

/**
 * Reads an environment variable for a plugin setting: `undefined` when it is unset, or when the
 * process may not read it (then the setting keeps its default).
 */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
