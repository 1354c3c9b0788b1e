/**
 * The app's identity: `identifier`, `appVersion` and `atmoVersion`.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import type { RawDirective } from "./schema.ts";
import { isValidSemver } from "./semver.ts";
import type { Directive } from "./types.ts";

/** Atmo's checks: an identifier, and both versions valid for Go's `semver.IsValid`. */
export function checkIdentity(
  raw: RawDirective,
  context: CheckContext,
): Pick<Directive, "identifier" | "appVersion" | "atmoVersion"> {
  const { identifier = "", appVersion = "", atmoVersion = "" } = raw;
  if (!identifier) context.error(["identifier"], "identifier is missing");
  if (!isValidSemver(appVersion)) {
    context.error(["appVersion"], "app version is not a valid semantic version");
  }
  if (!isValidSemver(atmoVersion)) {
    context.error(["atmoVersion"], "atmo version is not a valid semantic version");
  }
  return { identifier, appVersion, atmoVersion };
}
