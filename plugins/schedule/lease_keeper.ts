/**
 * Holding the schedules' lease for one process of a fleet: every third of the lease's time the
 * keeper takes the lease, or extends it while this process holds it, in the store the app shares
 * with the other processes (Redis, PostgreSQL). While this process holds it, the schedules run
 * here; when another process holds it, they do not. A holder whose store stops answering stops
 * running them before its lease can end, so two processes never run them at once; a holder that
 * dies is replaced by the first process to find the lease free once its time is up.
 *
 * The keeper outlives a version of the app: on reload it is handed over, each version attaches
 * its runner with its own store (its own connection), the newest one runs the schedules (the one
 * before pauses) and the lease moves to its store (given up on the old one, taken on the new one
 * at once), and the lease is given up when the last version detaches (the process stops), so
 * another process takes it over at once.
 *
 * @module
 */

import { ConnectionHealth, errorText, type LeaseStore, type Logger } from "../../plugin.ts";

/** What runs one version's schedules while this process holds the lease. */
export interface LeaseUser {
  /** This process holds the lease, with fencing value `fence`: run the schedules. */
  run(fence: number): void;
  /** It does not any more, or a newer version took over: start no more runs. */
  pause(): void;
}

/** Options of {@link LeaseKeeper}. */
export interface LeaseKeeperOptions {
  /** The lease's name (one per app). */
  key: string;
  /** This process, as the store records the holder. */
  holder: string;
  /** How long the lease lasts without being extended, in ms. */
  ttlMs: number;
  /** Logger. */
  log: Logger;
}

/** A holder stops running the schedules this share of the lease's time after it last got it. */
const SAFE_SHARE = 0.9;

/** Takes and keeps the schedules' lease, and tells the version that runs them. */
export class LeaseKeeper {
  /**
   * The lease as `GET /health` shows it: `connecting` until the store first answered, `up` while
   * it answers (whoever holds the lease), `down` while it does not.
   */
  readonly health: ConnectionHealth;
  /** When each schedule last started (`performance.now()`), shared by the versions of the app. */
  readonly lastRuns = new Map<string, number>();
  readonly #options: LeaseKeeperOptions;
  /** The attached versions, oldest first, each with the store it reaches the lease through. */
  readonly #users: { user: LeaseUser; store: LeaseStore }[] = [];
  #store: LeaseStore;
  #fence: number | undefined;
  #decided = false;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expiry: ReturnType<typeof setTimeout> | undefined;
  #ticking: Promise<void> = Promise.resolve();

  /**
   * @param store where the lease is kept (for the first version; see {@link attach})
   * @param options see {@link LeaseKeeperOptions}
   */
  constructor(store: LeaseStore, options: LeaseKeeperOptions) {
    this.#store = store;
    this.#options = options;
    this.health = new ConnectionHealth(store.name);
  }

  /** Whether this process holds the lease. */
  get held(): boolean {
    return this.#fence !== undefined;
  }

  /** The fencing value of this process's holding, while it holds the lease. */
  get fence(): number | undefined {
    return this.#fence;
  }

  /**
   * Adds the runner of a newer version and the store it reaches the lease through: it runs the
   * schedules from now on (the first one starts the keeper).
   */
  attach(user: LeaseUser, store: LeaseStore): void {
    this.#newest?.pause();
    this.#users.push({ user, store });
    if (this.#users.length === 1) this.#ticking = this.#tick();
    else this.#follow();
  }

  /**
   * Removes a version's runner: the one attached before it runs the schedules again (a newer
   * version that failed to start gives them back); once none is left, gives the lease up.
   */
  async detach(user: LeaseUser): Promise<void> {
    const at = this.#users.findLastIndex((u) => u.user === user);
    if (at < 0) return;
    const wasNewest = at === this.#users.length - 1;
    this.#users.splice(at, 1);
    user.pause();
    if (this.#users.length > 0) {
      if (wasNewest) this.#follow();
      return;
    }
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#expiry);
    await this.#ticking;
    if (this.#fence !== undefined) {
      this.#fence = undefined;
      await this.#release("gave the schedules' lease up");
    }
    this.health.close();
  }

  get #newest(): LeaseUser | undefined {
    return this.#users.at(-1)?.user;
  }

  /**
   * The newest version runs the schedules: through the store it brought, to which the lease
   * moves (given up on the old store, then taken on the new one), else at once if held.
   */
  #follow(): void {
    const { store } = this.#users.at(-1)!;
    if (store === this.#store) {
      if (this.#fence !== undefined) this.#newest!.run(this.#fence);
      return;
    }
    clearTimeout(this.#timer);
    this.#ticking = this.#ticking.then(async () => {
      if (this.#closed) return;
      clearTimeout(this.#timer);
      if (this.#fence !== undefined) {
        await this.#release("moving the schedules' lease to the newest version's connection");
      }
      this.#fence = undefined;
      this.#store = store;
      await this.#tick();
    });
  }

  /** Gives the lease up on the store in use (logging `done`); no version runs the schedules. */
  async #release(done: string): Promise<void> {
    const { key, holder, log } = this.#options;
    const store = this.#store;
    try {
      await store.release(key, holder);
      log.info(done, { store: store.name });
    } catch (error) {
      log.warn("could not give the schedules' lease up: it ends with its time", {
        store: store.name,
        error: errorText(error),
      });
    }
  }

  /** One attempt to take or extend the lease, then the next one a third of its time later. */
  async #tick(): Promise<void> {
    const { key, holder, ttlMs, log } = this.#options;
    const store = this.#store;
    const sent = performance.now();
    try {
      const fence = await store.acquire(key, holder, ttlMs);
      this.health.up();
      if (fence === undefined) this.#lose("another process holds the schedules");
      else this.#hold(fence, sent);
    } catch (error) {
      const text = errorText(error);
      if (this.health.state !== "down" || this.health.lastError !== text) {
        log.warn("cannot reach the schedules' lease, trying again", {
          store: store.name,
          error: text,
        });
      }
      this.health.down(error);
    }
    if (this.#closed) return;
    this.#timer = setTimeout(() => this.#ticking = this.#tick(), ttlMs / 3);
  }

  /** The store says this process holds the lease, as of `sent`. */
  #hold(fence: number, sent: number): void {
    const { ttlMs, log } = this.#options;
    const store = this.#store;
    const left = sent + ttlMs * SAFE_SHARE - performance.now();
    if (left <= 0) return this.#lose("the schedules' lease store answered too late to hold it");
    clearTimeout(this.#expiry);
    if (!this.#closed) {
      this.#expiry = setTimeout(() => this.#lose("the schedules' lease ran out unanswered"), left);
    }
    if (fence === this.#fence) return;
    if (this.#fence !== undefined) this.#newest?.pause(); // lost and won again meanwhile
    this.#fence = fence;
    this.#decided = true;
    log.info("this process holds the schedules", { store: store.name, fence });
    if (!this.#closed) this.#newest?.run(fence);
  }

  /** This process does not hold the lease (any more). */
  #lose(why: string): void {
    clearTimeout(this.#expiry);
    if (this.#fence === undefined && this.#decided) return;
    this.#decided = true;
    this.#fence = undefined;
    this.#newest?.pause();
    this.#options.log.info(why, { store: this.#store.name });
  }
}
