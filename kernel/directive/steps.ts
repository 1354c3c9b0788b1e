/**
 * Steps of handlers and schedules (`fn`, `group`, `as`, `with`, `onErr`): Atmo's `validateSteps`,
 * which also binds each fn to its Runnable's FQFN.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import { stateKey } from "./fqfn.ts";
import type { Path } from "./locations.ts";
import type { RawCallableFn, RawStep } from "./schema.ts";
import type { CallableFn, ErrAction, ErrHandler, Runnable, Step } from "./types.ts";

/** What the steps belong to, for messages and positions. */
export interface StepOwner {
  /** `handler` or `schedule`. */
  kind: "handler" | "schedule";
  /** `"<METHOD> <resource>"` for a handler, the name of a schedule. */
  name: string;
  /** Path of the handler or schedule. */
  path: Path;
}

/**
 * Finds the Runnable a fn reference names: `undefined` when there is none, `null` when the app
 * has no Runnable at all (reported once as such, so an unknown fn is not reported again).
 * `closest`, when there, names the app's Runnable an unknown reference most likely meant.
 */
export type RunnableFinder = ((fn: string) => Runnable | undefined | null) & {
  closest?: (fn: string) => string | undefined;
};

/** Atmo's `IsFn`: a `fn` and no `group` key. */
export function isFnStep(step: RawStep): boolean {
  return Boolean(step.fn) && step.group === undefined;
}

/** Atmo's `IsGroup`: no `fn` and a non-empty `group`. */
export function isGroupStep(step: RawStep): boolean {
  return !step.fn && (step.group?.length ?? 0) > 0;
}

/**
 * Checks steps in order. `state` holds the keys available so far (a schedule's `state` keys to
 * start with) and receives each step's keys (`as`, else `fn` as written). Returns the typed
 * steps, every fn bound to its Runnable's FQFN.
 */
export function checkSteps(
  steps: (RawStep | undefined)[],
  owner: StepOwner,
  state: Set<string>,
  find: RunnableFinder,
  context: CheckContext,
): Step[] {
  const typed: Step[] = [];
  for (const [j, step] of steps.entries()) {
    if (!step) continue;
    const path = [...owner.path, "steps", j];
    const added: string[] = [];
    const check = (call: RawCallableFn, callPath: Path) => {
      const checked = checkCall(call, callPath, j, owner, state, find, context);
      added.push(stateKey(checked));
      return checked;
    };
    if (isFnStep(step)) {
      typed.push(check(step, path));
    } else if (isGroupStep(step)) {
      const members = (step.group ?? []).map((member, p) =>
        member && check(member, [...path, "group", p])
      );
      typed.push({ group: members.filter((member) => member !== undefined) });
    } else {
      const what = step.forEach === undefined
        ? "isn't an Fn or Group"
        : "is a 'forEach', which was removed in v0.4.0";
      context.error(path, `step at position ${j} for ${owner.kind} ${owner.name} ${what}`);
    }
    for (const key of added) state.add(key);
  }
  return typed;
}

function checkCall(
  call: RawCallableFn,
  path: Path,
  step: number,
  owner: StepOwner,
  state: Set<string>,
  find: RunnableFinder,
  context: CheckContext,
): CallableFn {
  const prefix = `${owner.kind} for ${owner.name}`;
  const fn = call.fn ?? "";
  const runnable = find(fn);
  if (runnable === undefined) {
    const closest = find.closest?.(fn);
    const hint = closest ? `did you mean '${closest}'?` : "did you forget a namespace?";
    context.error(
      [...path, "fn"],
      `${prefix} lists fn at step ${step} that does not exist: ${fn} (${hint})`,
    );
  }
  for (const [alias, key] of Object.entries(call.with ?? {})) {
    if (state.has(key)) continue;
    context.error(
      [...path, "with", alias],
      `${prefix} has 'with' value at step ${step} referencing a key that is not yet available ` +
        `in the handler's state: ${key}`,
    );
  }
  const typed: CallableFn = { fn, fqfn: runnable?.fqfn ?? "" };
  if (call.as) typed.as = call.as;
  if (call.with) typed.with = call.with;
  if (call.onErr) {
    typed.onErr = checkOnErr(call.onErr, [...path, "onErr"], `${prefix} has`, step, context);
  }
  return typed;
}

const isAction = (value: string): value is ErrAction => value === "return" || value === "continue";

/** Atmo's onErr rules (including its message for an invalid `other`, which names `onErr.any`). */
function checkOnErr(
  onErr: NonNullable<RawCallableFn["onErr"]>,
  path: Path,
  prefix: string,
  step: number,
  context: CheckContext,
): ErrHandler {
  const codes = Object.entries(onErr.code ?? {});
  const { any = "", other = "" } = onErr;
  const invalid = (value: string) =>
    `${prefix} 'onErr.any' value at step ${step} with an invalid error directive: ${value}`;
  if (codes.length > 0 && any) {
    context.error(
      [...path, "any"],
      `${prefix} 'onErr.any' value at step ${step} while specific codes are specified, use 'other' instead`,
    );
  } else if (any && !isAction(any)) {
    context.error([...path, "any"], invalid(any));
  }
  if (codes.length === 0 && other) {
    context.error(
      [...path, "other"],
      `${prefix} 'onErr.other' value at step ${step} while specific codes are not specified, use 'any' instead`,
    );
  } else if (other && !isAction(other)) {
    context.error([...path, "other"], invalid(other));
  }
  const handler: ErrHandler = {};
  for (const [code, action] of codes) {
    if (isAction(action)) {
      (handler.code ??= {})[Number(code)] = action;
    } else {
      context.error(
        [...path, "code", code],
        `${prefix} 'onErr.code' value at step ${step} with an invalid error directive for code ${code}: ${action}`,
      );
    }
  }
  if (isAction(any)) handler.any = any;
  if (isAction(other)) handler.other = other;
  return handler;
}
