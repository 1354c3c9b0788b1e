/**
 * Leases in Redis, for the schedules of a fleet (the `lease.redis` service): a lease is a key set
 * with `SET NX PX` to `<fence> <holder>`, where the fence comes from a counter (`INCR`) next to it
 * and so grows each time the lease changes hands. Taking, extending and giving up run as one Lua
 * script each, so that a holder only ever extends or deletes its own lease. Both keys share a
 * hash tag (`{...}`), so they live on one node of a cluster.
 *
 * @module
 */

import type { Redis } from "ioredis";
import type { ConnectionHealth, LeaseStore } from "../../plugin.ts";

/** Takes the lease (KEYS[1]) for ARGV[1] for ARGV[2] ms, or extends it; returns the fence or nil. */
const ACQUIRE = `
local held = redis.call('GET', KEYS[1])
if held then
  local space = string.find(held, ' ', 1, true)
  if string.sub(held, space + 1) ~= ARGV[1] then return false end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(string.sub(held, 1, space - 1))
end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence .. ' ' .. ARGV[1], 'NX', 'PX', ARGV[2])
return fence
`;

/** Deletes the lease (KEYS[1]) if ARGV[1] holds it. */
const RELEASE = `
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, string.find(held, ' ', 1, true) + 1) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 0
`;

/** The keys of lease `key`: the lease and its fence counter. */
export function leaseKeys(key: string): [string, string] {
  return [`stratos:lease:{${key}}`, `stratos:lease:{${key}}:fence`];
}

/**
 * A {@link LeaseStore} on `client`. Calls made while the connection is first opened wait for it;
 * while it is down they fail at once (the client queues nothing).
 */
export function redisLeaseStore(client: Redis, health: ConnectionHealth): LeaseStore {
  return {
    name: `Redis at ${health.address}`,
    async acquire(key, holder, ttlMs) {
      await health.settled();
      const [lease, fence] = leaseKeys(key);
      const held = await client.eval(ACQUIRE, 2, lease, fence, holder, Math.ceil(ttlMs));
      return held === null ? undefined : Number(held);
    },
    async release(key, holder) {
      await client.eval(RELEASE, 1, leaseKeys(key)[0], holder);
    },
  };
}
