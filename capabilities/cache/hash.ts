/**
 * The hash of a cache key: FNV-1a over the key's UTF-16 code units, then a final mix so that the
 * low bits (which pick the bucket) depend on every unit.
 *
 * @module
 */

/** A 32-bit hash of `key`, as a signed integer (the way an `Int32Array` holds it). */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}
