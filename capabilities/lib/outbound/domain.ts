/**
 * Domain patterns of `allowedDomains` / `blockedDomains`, matched exactly as Atmo's
 * `matchesDomain` (Reactr `rcap/http_rulefilter.go`).
 *
 * Labels are compared right to left; a `*` label matches any one label, and once the pattern's
 * first label is reached it is compared with every remaining label of the domain, so `*.example.com`
 * also matches `a.b.example.com`. One empty label of the domain (a trailing dot, as in
 * `example.com.`) is skipped. Both sides are expected in lower case (URL hosts are).
 *
 * @module
 */

/** Whether `domain` matches `pattern` under Atmo's rules. */
export function matchesDomain(pattern: string, domain: string): boolean {
  if (pattern === "" && domain === "") return true;
  if (pattern === "" || domain === "") return false;
  if (pattern === domain) return true;
  const patternParts = pattern.split(".");
  const domainParts = domain.split(".");
  if (patternParts.length > domainParts.length) return false;
  let j = patternParts.length - 1;
  for (let i = domainParts.length - 1; i >= 0; i--) {
    if (domainParts[i] === "") i--;
    // Atmo's Go code would index -1 here (a panic); no match is the safe reading.
    if (i < 0) return false;
    const p = patternParts[j];
    if (p !== "*" && p !== domainParts[i]) return false;
    if (j > 0) j--;
  }
  return true;
}
