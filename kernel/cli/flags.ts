/**
 * Splitting a command line into flags and positionals: `--name value`, `--name=value`, boolean
 * `--name`, single-letter aliases (`-h`), repeatable flags, and `--` ending the flags. Stratos
 * parses its own command line with it rather than with `node:util`, whose loading alone costs
 * about 15 ms of every start.
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/** How one flag is given. */
export interface FlagSpec {
  /** `string` takes a value (`--port 80`, `--port=80`); `boolean` takes none. */
  type: "string" | "boolean";
  /** Whether it may be repeated (its values are collected in order). */
  multiple?: boolean;
  /** A one-letter alias, given as `-x`. */
  short?: string;
}

/** What a command line holds: each flag given (by name) and the other arguments in order. */
export interface ParsedFlags {
  /** A string, boolean, or (repeatable flags) the list of strings. */
  values: Record<string, string | boolean | string[]>;
  /** The arguments that are not flags. */
  positionals: string[];
}

/** A flag the spec does not know, one missing its value, or a boolean given a value. */
export class FlagError extends StratosError {
  /** @param message what is wrong, naming the flag */
  constructor(message: string) {
    super("STRATOS_ERR_USAGE", message);
    this.name = "FlagError";
  }
}

/**
 * Parses `args` against `specs` (by flag name, without `--`).
 * @throws {FlagError} naming the flag that is unknown, misses its value or takes none
 */
export function parseFlags(args: readonly string[], specs: Record<string, FlagSpec>): ParsedFlags {
  const values: ParsedFlags["values"] = {};
  const positionals: string[] = [];
  const shorts = new Map(
    Object.entries(specs).flatMap(([name, spec]) => spec.short ? [[spec.short, name]] : []),
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const eq = long ? arg.indexOf("=") : -1;
    const given = eq < 0 ? arg : arg.slice(0, eq);
    const name = long ? given.slice(2) : shorts.get(given.slice(1));
    const spec = name === undefined || !Object.hasOwn(specs, name) ? undefined : specs[name];
    if (name === undefined || spec === undefined) throw new FlagError(`unknown option '${given}'`);
    let value: string | boolean = true;
    if (spec.type === "boolean") {
      if (eq >= 0) throw new FlagError(`option '${given}' takes no value`);
    } else if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith("-")) {
        throw new FlagError(
          `option '${given}' is missing its value (write '${given}=VALUE' for one starting ` +
            "with '-')",
        );
      }
      value = next;
      i++;
    }
    if (spec.multiple) values[name] = [...(values[name] as string[] | undefined) ?? [], `${value}`];
    else values[name] = value;
  }
  return { values, positionals };
}
