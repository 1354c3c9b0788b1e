/**
 * The in-memory cache shared by the isolates of a process (`--workers`): it lives in the primary
 * isolate; replicas reach it over the kernel's isolate link, so a value set through one isolate
 * is read through any other, as with one isolate.
 *
 * @module
 */

import type { IsolateLink } from "../../plugin.ts";
import type { CacheBackend } from "./backend.ts";

/** The link topic the primary's cache answers. */
export const CACHE_TOPIC = "cache";

/** What a replica asks the primary's cache. */
export type CacheRequest =
  | { op: "get"; key: string }
  | { op: "set"; key: string; value: Uint8Array; ttlSeconds: number };

/** Answers a replica's {@link CacheRequest} from `backend` (the primary's in-memory cache). */
export function serveCache(backend: CacheBackend, payload: unknown): unknown {
  const request = payload as CacheRequest;
  if (request.op === "get") return backend.get(request.key);
  return backend.set(request.key, request.value, request.ttlSeconds);
}

/** A replica's cache: every call goes to the primary's in-memory cache. */
export class SharedCache implements CacheBackend {
  readonly name = "memory (in the primary isolate)";
  readonly missingKeyMessage: string;

  /**
   * @param link the replica's link to the primary
   * @param missingKeyMessage the in-memory cache's message for a missing key
   */
  constructor(private readonly link: IsolateLink, missingKeyMessage: string) {
    this.missingKeyMessage = missingKeyMessage;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const request: CacheRequest = { op: "get", key };
    return await this.link.request(CACHE_TOPIC, request) as Uint8Array | undefined;
  }

  async set(key: string, value: Uint8Array, ttlSeconds: number): Promise<void> {
    const request: CacheRequest = { op: "set", key, value, ttlSeconds };
    await this.link.request(CACHE_TOPIC, request);
  }
}
