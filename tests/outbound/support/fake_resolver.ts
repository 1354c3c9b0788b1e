/**
 * Test support: a {@link Resolver} answering from tables, recording every question. A name may
 * have a sequence of answers (one per lookup, the last repeating), to play DNS rebinding.
 *
 * @module
 */

import type { Resolver } from "../../../capabilities/lib/outbound/resolver.ts";

/** Answers for one name: addresses, or successive answers. */
export type Answers = string[] | { sequence: string[][] } | { error: string };

/** A resolver answering from `addresses` and `aliases`; unknown names do not exist. */
export class FakeResolver implements Resolver {
  /** Names asked for with `addresses`, in order. */
  readonly asked: string[] = [];
  /** Names asked for with `aliases`, in order. */
  readonly askedAliases: string[] = [];
  readonly #addresses: Record<string, Answers>;
  readonly #aliases: Record<string, string[]>;
  readonly #served = new Map<string, number>();

  /**
   * @param addresses name → addresses (or a sequence, or an error code)
   * @param aliases name → CNAME chain
   */
  constructor(addresses: Record<string, Answers>, aliases: Record<string, string[]> = {}) {
    this.#addresses = addresses;
    this.#aliases = aliases;
  }

  addresses(hostname: string): Promise<string[]> {
    this.asked.push(hostname);
    const answers = this.#addresses[hostname];
    if (answers === undefined) return Promise.resolve([]);
    if ("error" in answers) {
      return Promise.reject(Object.assign(new Error(), { code: answers.error }));
    }
    if (Array.isArray(answers)) return Promise.resolve(answers);
    const served = this.#served.get(hostname) ?? 0;
    this.#served.set(hostname, served + 1);
    return Promise.resolve(answers.sequence[Math.min(served, answers.sequence.length - 1)]);
  }

  aliases(hostname: string): Promise<string[]> {
    this.askedAliases.push(hostname);
    return Promise.resolve(this.#aliases[hostname] ?? []);
  }
}
