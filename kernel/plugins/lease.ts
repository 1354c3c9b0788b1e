/**
 * The lease contract between plugins: a lease the processes of a fleet running the same app take
 * turns holding, kept in a store they all reach. A connection plugin offers a store as a service
 * (`lease.redis`: a key with `SET NX PX`; `lease.postgresql`: an advisory lock), and the schedule
 * plugin takes the first one the app has, in the order of {@link LEASE_SERVICES}, so that each
 * period of a schedule runs in one process of the fleet.
 *
 * @module
 */

/** The services lease stores are offered as, in the order schedules prefer them. */
export const LEASE_SERVICES: readonly string[] = ["lease.redis", "lease.postgresql"];

/** A store of leases shared by the processes of a fleet. */
export interface LeaseStore {
  /** What the store is, for the banner and the log (`Redis at redis://127.0.0.1:6379`). */
  readonly name: string;
  /**
   * Takes the lease `key` for `holder` for `ttlMs` when nobody holds it, or extends it when
   * `holder` already does (a store whose leases end with their holder's session may ignore
   * `ttlMs`).
   * @returns the holding's fencing value, which grows each time the lease changes hands, when
   *   `holder` holds the lease now; `undefined` when another holder does
   * @throws when the store cannot be reached or refused (the lease then counts as lost once its
   *   time is up)
   */
  acquire(key: string, holder: string, ttlMs: number): Promise<number | undefined>;
  /** Gives the lease up if `holder` holds it, so that another holder may take it at once. */
  release(key: string, holder: string): Promise<void>;
}
