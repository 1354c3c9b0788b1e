/**
 * Semantic-version syntax as accepted by Go's `golang.org/x/mod/semver.IsValid`, which Atmo uses
 * for `appVersion` and `atmoVersion`.
 *
 * @module
 */

const DIGITS = /^[0-9]+$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;

/**
 * Whether `version` is valid for Go's `semver.IsValid`: a leading `v`, then `MAJOR`,
 * `MAJOR.MINOR` or `MAJOR.MINOR.PATCH` without leading zeros; only the full form may carry a
 * `-prerelease` and a `+build`. E.g. `v1`, `v1.2`, `v1.2.3-rc.1+build.5`.
 */
export function isValidSemver(version: string): boolean {
  const match = /^v([^.+-]*)(?:\.([^.+-]*))?(?:\.([^.+-]*))?(?:-([^+]*))?(?:\+(.*))?$/s.exec(
    version,
  );
  if (!match) return false;
  const [, major, minor, patch, prerelease, build] = match;
  if (![major, minor, patch].every((part) => part === undefined || isNumber(part))) return false;
  if (patch === undefined && (prerelease !== undefined || build !== undefined)) return false;
  if (minor === undefined && patch !== undefined) return false;
  if (prerelease !== undefined && !dotted(prerelease, true)) return false;
  return build === undefined || dotted(build, false);
}

/** A version number: digits, no leading zero unless it is `0`. */
function isNumber(part: string): boolean {
  return DIGITS.test(part) && (part === "0" || part[0] !== "0");
}

/** Dot-separated non-empty identifiers; in a prerelease, numeric ones have no leading zero. */
function dotted(text: string, prerelease: boolean): boolean {
  return text.split(".").every((id) =>
    IDENTIFIER.test(id) && !(prerelease && DIGITS.test(id) && id.length > 1 && id[0] === "0")
  );
}
