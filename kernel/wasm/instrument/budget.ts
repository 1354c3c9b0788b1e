/**
 * The budget code the rewriter inserts (see instrument.ts): the checks at function entries, loop
 * headers and sized bulk instructions, the two functions it adds for their slow paths, and the
 * branch hints that tell the engine those slow paths are cold.
 *
 * The fast path of a check is as short as it can be: decrement, test the sign, a branch the
 * engine is told is rarely taken. Everything else (the tick, the trap) is in an added function,
 * so the checked code stays small and its registers need not be saved around a call on the hot
 * path. A loop iteration does not even touch the budget global: it spends from a reserve kept in a
 * local the rewriter adds, which takes {@link LOOP_RESERVE} units from the budget at once (the
 * first time at the function's entry). Every unit is taken before the work it pays for runs, so
 * the budget is never behind the guest; a budget the host set to 0 is seen at the next counted
 * function entry or within {@link LOOP_RESERVE} iterations.
 *
 * @module
 */

import { s32, u32, Writer } from "./leb128.ts";

/** Units a loop reserve takes from the budget at once. */
export const LOOP_RESERVE = 16;

/** Name of the custom section of branch hints. */
export const BRANCH_HINTS_SECTION = "metadata.code.branch_hint";

/** The indices, in one module, that the budget code refers to. */
export interface BudgetIndices {
  /** The budget global. */
  budget: number;
  /** The global that holds a bulk instruction's size meanwhile. */
  scratch: number;
  /** The tick table (its slot 0 is the tick). */
  table: number;
  /** The tick's type, `() -> i32`. */
  tickType: number;
  /** The added refill function, `() -> ()`. */
  refill: number;
  /** The added function that takes a loop reserve, `() -> i32`. */
  reserve: number;
}

/** An inserted sequence and the offset of its `if` (the branch to hint), within `code`. */
export interface Check {
  /** The instructions. */
  code: number[];
  /** Where its `if` instruction is. */
  branch: number;
}

const IF_EMPTY = [0x04, 0x40];
const END = 0x0b;

/** Pushes the units a reserve takes. */
const RESERVE = [0x41, ...s32(LOOP_RESERVE)];
/** Pushes what is left of a fresh reserve once the unit that asked for it is spent. */
const RESERVE_LEFT = [0x41, ...s32(LOOP_RESERVE - 1)];

/** The checks of a function with a loop, which keeps a reserve in a local. */
export interface LoopChecks {
  /** At its entry: take a reserve from the budget, one unit of which pays for the entry. */
  entry: Check;
  /** At a loop header: spend one unit of the reserve; when it is empty, take another. */
  header: Check;
}

/** The budget code for one module's indices. */
export class BudgetCode {
  /** At a function entry: spend one unit; when the budget is spent, refill (or trap). */
  readonly entry: Check;
  /** Before a sized bulk instruction: spend one unit per KiB of its size operand, plus one. */
  readonly sized: Check;
  /**
   * The added refill function (its code-section entry without the size): the budget becomes what
   * the tick returns, and a negative one traps.
   */
  readonly refillBody: number[];
  /**
   * The added reserve function: takes {@link LOOP_RESERVE} units from the budget and returns the
   * reserve left after the iteration that asked.
   */
  readonly reserveBody: number[];
  readonly #budget: number[];
  readonly #refill: number[];
  readonly #reserve: number[];

  /** @param at the module's indices */
  constructor(at: BudgetIndices) {
    this.#budget = u32(at.budget);
    this.#refill = u32(at.refill);
    this.#reserve = u32(at.reserve);
    const budget = this.#budget;
    const scratch = u32(at.scratch);
    this.entry = this.#take([0x41, 0x01]);
    const size = [0x23, ...scratch, 0x41, 0x0a, 0x76, 0x41, 0x01, 0x6a]; // (size >> 10) + 1
    const sized = this.#take(size);
    this.sized = {
      code: [0x24, ...scratch, ...sized.code, 0x23, ...scratch], // the size kept meanwhile
      branch: 1 + scratch.length + sized.branch,
    };
    const tick = [0x41, 0x00, 0x11, ...u32(at.tickType), ...u32(at.table)];
    const spent = [0x23, ...budget, 0x41, 0x00, 0x48]; // budget < 0
    this.refillBody = [0x00, ...tick, 0x24, ...budget, ...spent, ...IF_EMPTY, 0x00, END, END];
    this.reserveBody = [0x00, ...this.#take(RESERVE).code, ...RESERVE_LEFT, END];
  }

  /** The checks of a function whose loop reserve is local `local`. */
  loops(local: number): LoopChecks {
    const n = u32(local);
    const take = this.#take(RESERVE);
    const test = [0x20, ...n, 0x41, 0x01, 0x6b, 0x22, ...n, 0x41, 0x00, 0x48]; // --n < 0
    return {
      entry: { code: [...take.code, ...RESERVE_LEFT, 0x21, ...n], branch: take.branch },
      header: {
        code: [...test, ...IF_EMPTY, 0x10, ...this.#reserve, 0x21, ...n, END],
        branch: test.length,
      },
    };
  }

  /**
   * Spends the units `units` pushes (with the budget below them on the stack), then refills
   * when that spent the budget.
   */
  #take(units: number[]): Check {
    const budget = this.#budget;
    const test = [
      0x23,
      ...budget,
      ...units,
      0x6b,
      0x24,
      ...budget,
      0x23,
      ...budget,
      0x41,
      0x00,
      0x48,
    ];
    return { code: [...test, ...IF_EMPTY, 0x10, ...this.#refill, END], branch: test.length };
  }
}

/** Collects branch hints (all "unlikely") and writes their custom section. */
export class BranchHints {
  readonly #functions = new Writer();
  #count = 0;

  /** Hints the `if` instructions at `offsets` (from the start of the body, increasing). */
  add(func: number, offsets: readonly number[]): void {
    if (offsets.length === 0) return;
    this.#functions.bytes(u32(func)).bytes(u32(offsets.length));
    for (const offset of offsets) this.#functions.bytes([...u32(offset), 0x01, 0x00]);
    this.#count++;
  }

  /** The custom section's payload, or undefined without hints. */
  section(): Writer | undefined {
    if (this.#count === 0) return undefined;
    const name = new TextEncoder().encode(BRANCH_HINTS_SECTION);
    return new Writer().bytes(u32(name.length)).bytes(name).bytes(u32(this.#count))
      .writer(this.#functions);
  }
}
