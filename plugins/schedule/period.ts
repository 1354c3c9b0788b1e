/**
 * A schedule's period (`every:`): `seconds + 60*minutes + 3600*hours + 86400*days`.
 *
 * @module
 */

import type { Schedule } from "../../plugin.ts";

/** The period of `every` in milliseconds. */
export function periodMillis(every: Schedule["every"]): number {
  const { seconds = 0, minutes = 0, hours = 0, days = 0 } = every;
  return (seconds + 60 * minutes + 3600 * hours + 86400 * days) * 1000;
}
