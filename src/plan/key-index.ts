/**
 * A compact set of string keys for duplicate detection over millions of users: each key is kept
 * as a 64-bit hash (two 32-bit lanes, cyrb53's mixing) in an open-addressing table, with a row
 * number, a 6-bit payload and an optional 26-bit tag: 16 bytes per slot, all of a slot's words side
 * by side so a lookup or insert touches one cache line, instead of a Map entry plus a string
 * (~100 bytes for an email). The table doubles at 70% load, so a key costs 23–46 bytes (16 / load),
 * and during a doubling the old table lives until the next full GC: about 16 MB for the planner's two
 * indexes at 200,000 users, the one part of planning memory that grows with the source.
 *
 * Keys themselves are not stored, so two different keys with the same 64-bit hash would be taken
 * for one. For n keys the probability of any such collision is about n²/2^65: 3e-8 at 1,000,000
 * users, 3e-6 at 10,000,000. Its effect is a false "duplicate" that blocks both rows and names
 * them in the report (a person sees it), never a duplicate that slips through. Pure.
 */
const EMPTY = 0;
const MAX_LOAD = 0.7;
const STRIDE = 4; // hash high, hash low, row, tag | payload
const PAYLOAD_BITS = 6;
const PAYLOAD_MASK = (1 << PAYLOAD_BITS) - 1;
const TAG_MASK = ~PAYLOAD_MASK >>> 0;

export interface KeyEntry {
  row: number;
  /** 0–63. */
  payload: number;
  /** A spellingTag(), or 0. */
  tag: number;
}

export class KeyIndex {
  private capacity: number;
  private slots: Uint32Array;
  private count = 0;

  constructor(initialCapacity = 1 << 14) {
    this.capacity = initialCapacity;
    this.slots = new Uint32Array(initialCapacity * STRIDE);
  }

  get size(): number {
    return this.count;
  }

  get(key: string): KeyEntry | undefined {
    hashKey(key);
    const at = this.find(this.slots, h1, h2);
    this.remember(key, at);
    const s = this.slots;
    if (s[at] === EMPTY && s[at + 1] === EMPTY) return undefined;
    const meta = s[at + 3]!;
    return { row: s[at + 2]!, payload: meta & PAYLOAD_MASK, tag: (meta & TAG_MASK) >>> 0 };
  }

  /**
   * Reads the slots where `keys` start their probes, and nothing else. A table of millions of slots
   * misses the CPU cache on every lookup; with every slot computed first, the reads of a batch are
   * independent and their misses overlap, so the lookups that follow find their lines in cache.
   * Returns a sum of the words read (callers ignore it; it keeps the reads from being optimised away).
   */
  touch(keys: readonly string[]): number {
    const mask = this.capacity - 1;
    const at = touched.length >= keys.length ? touched : (touched = new Int32Array(keys.length * 2));
    for (let i = 0; i < keys.length; i++) {
      hashKey(keys[i]!);
      at[i] = ((h1 ^ Math.imul(h2, 0x9e3779b1)) & mask) * STRIDE;
    }
    const s = this.slots;
    let sum = 0;
    for (let i = 0; i < keys.length; i++) sum += s[at[i]!]!;
    return sum;
  }

  /** Inserts or overwrites the entry for `key`. Rows must fit in 32 bits, payloads in 6; tags keep 26 bits. */
  set(key: string, row: number, payload: number, tag = 0): void {
    if ((this.count + 1) / this.capacity > MAX_LOAD) this.grow();
    hashKey(key);
    const s = this.slots;
    // The planner looks a key up, then sets it: the probe is not repeated.
    const at = key === this.lastKey ? this.lastAt : this.find(s, h1, h2);
    this.remember(key, at);
    if (s[at] === EMPTY && s[at + 1] === EMPTY) {
      s[at] = h1;
      s[at + 1] = h2;
      this.count += 1;
    }
    s[at + 2] = row;
    s[at + 3] = (tag & TAG_MASK) | (payload & PAYLOAD_MASK);
  }

  /**
   * The slot of the last key looked up or set. Valid until the next set of ANOTHER key (which may
   * fill that empty slot) or a doubling: both replace or clear it.
   */
  private lastKey: string | undefined;
  private lastAt = 0;

  private remember(key: string, at: number): void {
    this.lastKey = key;
    this.lastAt = at;
  }

  /** Linear probing: the word offset of the slot holding (a, b), or of the empty slot where it would go. */
  private find(s: Uint32Array, a: number, b: number): number {
    const mask = this.capacity - 1;
    let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      const at = slot * STRIDE;
      const x = s[at]!;
      const y = s[at + 1]!;
      if ((x === a && y === b) || (x === EMPTY && y === EMPTY)) return at;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    const slots = new Uint32Array(this.capacity * STRIDE);
    this.slots = slots;
    this.lastKey = undefined;
    for (let at = 0; at < old.length; at += STRIDE) {
      const a = old[at]!;
      const b = old[at + 1]!;
      if (a === EMPTY && b === EMPTY) continue;
      // Word by word: a subarray per entry would allocate millions of views during one doubling.
      const to = this.find(slots, a, b);
      slots[to] = a;
      slots[to + 1] = b;
      slots[to + 2] = old[at + 2]!;
      slots[to + 3] = old[at + 3]!;
    }
  }
}

let touched = new Int32Array(256);

// The last hash, in module state: the hot path allocates nothing per lookup.
let h1 = 0;
let h2 = 0;
let lastHashed: string | undefined;
let prevHashed: string | undefined;
let prevH1 = 0;
let prevH2 = 0;

/** cyrb53's two 32-bit lanes over UTF-16 code units, kept whole (64 bits); (0, 0) marks an empty slot. */
function hashKey(key: string): void {
  // The planner hashes each user's email and id several times, interleaved (lookups, spelling tag,
  // inserts): the last two keys' hashes are kept.
  if (key === lastHashed) return;
  if (key === prevHashed) {
    const a = h1;
    const b = h2;
    h1 = prevH1;
    h2 = prevH2;
    prevH1 = a;
    prevH2 = b;
    prevHashed = lastHashed;
    lastHashed = key;
    return;
  }
  prevHashed = lastHashed;
  prevH1 = h1;
  prevH2 = h2;
  lastHashed = key;
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

/**
 * A 26-bit hash of a key's exact spelling, stored as a tag to tell an exact duplicate from a case
 * variant. Two spellings sharing a tag (1 in 67 million) would only word the message as "same email".
 */
export function spellingTag(key: string): number {
  hashKey(key);
  return (h1 & TAG_MASK) >>> 0;
}
