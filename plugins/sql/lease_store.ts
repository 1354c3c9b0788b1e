/**
 * Leases in PostgreSQL, for the schedules of a fleet (the `lease.postgresql` service): a lease is
 * a session-level advisory lock, held on a connection of its own, so it ends when its holder's
 * session ends (the process died, or its connection was cut); a dead host's session ends once the
 * server's TCP keepalives give up on it (after about 11 s here). The fence is the transaction id
 * taken when the lock was won, so it grows each time the lease changes hands.
 *
 * One statement decides: when the connection is still the session that won the lock, the lease is
 * still held (and keeps its fence); otherwise it tries the lock, on what may be a new session.
 *
 * @module
 */

import type postgres from "postgres";
import type { LeaseStore } from "../../plugin.ts";

/** The first key of every Stratos advisory lock (the second is the lease's name). */
const LOCK_SPACE = "stratos.lease";

/** The server drops a dead peer's session after 5 s idle plus 3 probes 2 s apart. */
const KEEPALIVES = {
  tcp_keepalives_idle: "5",
  tcp_keepalives_interval: "2",
  tcp_keepalives_count: "3",
};

/** Run-time parameters of the lease's connection. */
export const LEASE_SESSION: Readonly<Record<string, string>> = {
  ...KEEPALIVES,
  application_name: "stratos lease",
};

/** What this process holds: the session that won the lock, and the fence it got. */
interface Holding {
  pid: number;
  fence: string;
}

/**
 * A {@link LeaseStore} on `open()`, a client of one connection (opened on first use, closed
 * with {@link PostgresLeaseStore.close}).
 */
export interface PostgresLeaseStore extends LeaseStore {
  /** Closes the connection, which gives up every lease held on it. */
  close(): Promise<void>;
}

/** Leases on a connection of their own to the database `display` names. */
export function postgresLeaseStore(display: string, open: () => postgres.Sql): PostgresLeaseStore {
  let sql: postgres.Sql | undefined;
  const held = new Map<string, Holding>();
  return {
    name: `PostgreSQL at ${display}`,
    async acquire(key) {
      sql ??= open();
      const mine = held.get(key);
      const [row] = await sql`
        SELECT CASE
            WHEN pg_backend_pid() = ${mine?.pid ?? 0}::int THEN ${mine?.fence ?? "0"}::bigint
            WHEN pg_try_advisory_lock(hashtext(${LOCK_SPACE}), hashtext(${key})) THEN txid_current()
          END AS fence,
          pg_backend_pid() AS pid`;
      if (row.fence === null) {
        held.delete(key);
        return undefined;
      }
      held.set(key, { pid: row.pid, fence: String(row.fence) });
      return Number(row.fence);
    },
    async release(key) {
      const mine = held.get(key);
      held.delete(key);
      if (!sql || !mine) return;
      await sql`
        SELECT pg_advisory_unlock(hashtext(${LOCK_SPACE}), hashtext(${key}))
        WHERE pg_backend_pid() = ${mine.pid}::int`;
    },
    async close() {
      held.clear();
      await sql?.end({ timeout: 1 });
      sql = undefined;
    },
  };
}
