/**
 * A compact set of string keys for duplicate detection over millions of users: each key is kept
 * as a 64-bit hash (two 32-bit lanes, cyrb53's mixing) in an open-addressing table of typed
 * arrays, with a row number, a small payload byte and an optional 32-bit tag per slot. About 17
 * bytes per slot instead of a Map entry plus a string (~100 bytes for an email).
 *
 * Keys themselves are not stored, so two different keys with the same 64-bit hash would be taken
 * for one. For n keys the probability of any such collision is about n²/2^65: 3e-8 at 1,000,000
 * users, 3e-6 at 10,000,000. Its effect is a false "duplicate" that blocks both rows and names
 * them in the report (a person sees it), never a duplicate that slips through. Pure.
 */
const EMPTY = 0;
const MAX_LOAD = 0.7;

export interface KeyEntry {
  row: number;
  payload: number;
  tag: number;
}

export class KeyIndex {
  private capacity: number;
  /** Both hash lanes of a slot side by side (2·slot, 2·slot+1): one cache miss per probe, not two. */
  private hashes: Uint32Array;
  private rows: Uint32Array;
  private payloads: Uint8Array;
  private tags: Uint32Array | undefined;
  private count = 0;

  /** `withTags`: keep a 32-bit tag per key (e.g. a hash of the key's original spelling). */
  constructor(
    private readonly withTags = false,
    initialCapacity = 1 << 14,
  ) {
    this.capacity = initialCapacity;
    this.hashes = new Uint32Array(initialCapacity * 2);
    this.rows = new Uint32Array(initialCapacity);
    this.payloads = new Uint8Array(initialCapacity);
    this.tags = withTags ? new Uint32Array(initialCapacity) : undefined;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): KeyEntry | undefined {
    hashKey(key);
    const slot = this.find(h1, h2);
    if (this.isEmpty(slot)) return undefined;
    return { row: this.rows[slot]!, payload: this.payloads[slot]!, tag: this.tags ? this.tags[slot]! : 0 };
  }

  /** Inserts or overwrites the entry for `key`. Rows must fit in 32 bits, payloads in 8. */
  set(key: string, row: number, payload: number, tag = 0): void {
    if ((this.count + 1) / this.capacity > MAX_LOAD) this.grow();
    hashKey(key);
    const slot = this.find(h1, h2);
    if (this.isEmpty(slot)) {
      this.hashes[2 * slot] = h1;
      this.hashes[2 * slot + 1] = h2;
      this.count += 1;
    }
    this.rows[slot] = row;
    this.payloads[slot] = payload;
    if (this.tags) this.tags[slot] = tag;
  }

  /** Linear probing: the slot holding (a, b), or the empty slot where it would go. */
  private find(a: number, b: number): number {
    const mask = this.capacity - 1;
    let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    const hashes = this.hashes;
    for (;;) {
      const x = hashes[2 * slot]!;
      const y = hashes[2 * slot + 1]!;
      if ((x === a && y === b) || (x === EMPTY && y === EMPTY)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private isEmpty(slot: number): boolean {
    return this.hashes[2 * slot] === EMPTY && this.hashes[2 * slot + 1] === EMPTY;
  }

  private grow(): void {
    const { hashes, rows, payloads, tags, capacity } = this;
    this.capacity = capacity * 2;
    this.hashes = new Uint32Array(this.capacity * 2);
    this.rows = new Uint32Array(this.capacity);
    this.payloads = new Uint8Array(this.capacity);
    this.tags = tags ? new Uint32Array(this.capacity) : undefined;
    for (let i = 0; i < capacity; i++) {
      const a = hashes[2 * i]!;
      const b = hashes[2 * i + 1]!;
      if (a === EMPTY && b === EMPTY) continue;
      const slot = this.find(a, b);
      this.hashes[2 * slot] = a;
      this.hashes[2 * slot + 1] = b;
      this.rows[slot] = rows[i]!;
      this.payloads[slot] = payloads[i]!;
      if (this.tags) this.tags[slot] = tags![i]!;
    }
  }
}

// The last hash, in module state: the hot path allocates nothing per lookup.
let h1 = 0;
let h2 = 0;

/** cyrb53's two 32-bit lanes over UTF-16 code units, kept whole (64 bits); (0, 0) marks an empty slot. */
function hashKey(key: string): void {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507);
  a ^= Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  h1 = a >>> 0;
  h2 = b >>> 0;
  if (h1 === EMPTY && h2 === EMPTY) h2 = 1;
}

/** A 32-bit hash of a string, for tags (an exact spelling). */
export function hash32(key: string): number {
  hashKey(key);
  return h1;
}
