/**
 * A byte reader and writer for the WebAssembly binary format: LEB128 integers and raw bytes.
 *
 * @module
 */

/** The binary is malformed or uses something the reader does not know. */
export class BinaryError extends Error {}

/** Reads a Wasm binary from a position, advancing past what it reads. */
export class Reader {
  /** Current offset. */
  pos: number;

  /**
   * @param bytes the binary
   * @param pos where to start
   * @param end where to stop (exclusive)
   */
  constructor(readonly bytes: Uint8Array, pos = 0, readonly end = bytes.length) {
    this.pos = pos;
  }

  /** Whether everything up to `end` was read. */
  get done(): boolean {
    return this.pos >= this.end;
  }

  /** One byte. */
  byte(): number {
    if (this.pos >= this.end) throw new BinaryError("unexpected end of the module");
    return this.bytes[this.pos++];
  }

  /** An unsigned LEB128 integer of at most 32 bits. */
  u32(): number {
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      result |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) === 0) return result >>> 0;
    }
    throw new BinaryError(`integer too long at offset ${this.pos}`);
  }

  /** Skips a signed LEB128 integer (any width). */
  skipSigned(): void {
    while (this.byte() & 0x80) { /* continuation bytes */ }
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    if (this.pos + n > this.end) throw new BinaryError("unexpected end of the module");
    this.pos += n;
  }
}

/** Encodes an unsigned LEB128 integer. */
export function u32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Encodes a signed LEB128 integer (32-bit range). */
export function s32(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Collects output in pieces (large module parts are never spread into arrays). */
export class Writer {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Appends bytes (a view is kept, not copied). */
  bytes(chunk: Uint8Array | readonly number[]): this {
    const piece = chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk);
    this.#chunks.push(piece);
    this.#length += piece.length;
    return this;
  }

  /** Appends everything another writer holds. */
  writer(other: Writer): this {
    for (const chunk of other.#chunks) this.bytes(chunk);
    return this;
  }

  /** The concatenated output. */
  toBytes(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}
