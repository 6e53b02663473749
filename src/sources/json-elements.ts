/**
 * Splits a top-level JSON array into the byte ranges of its elements without parsing them: a small state
 * machine over bytes (strings, escapes, nesting). Each element is then handed whole to JSON.parse, which
 * is several times faster than a token-by-token parser on a million-user export; memory stays one element.
 */
export type ElementEvent =
  /** `value`: already parsed, when the element was read as a whole line (JSON.parse(text) would give it). */
  | { kind: 'element'; index: number; offset: number; text: string; value?: unknown }
  | { kind: 'start' }
  | { kind: 'not_an_array'; offset: number }
  | { kind: 'truncated'; index: number; offset: number }
  | { kind: 'trailing'; offset: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export interface JsonArraySplitter {
  /** The events a chunk completes. Synchronous: no promise per element on the hot path. */
  push(chunk: Buffer | string): Generator<ElementEvent>;
  /** End of input: `truncated` if an element or the array is still open. */
  end(): Generator<ElementEvent>;
  /** True after `not_an_array` or `trailing`: nothing more will be read. */
  readonly finished: boolean;
}

export async function* splitJsonArray(input: AsyncIterable<Buffer | string>): AsyncGenerator<ElementEvent> {
  const splitter = createJsonArraySplitter();
  for await (const chunk of input) {
    yield* splitter.push(chunk);
    if (splitter.finished) return;
  }
  yield* splitter.end();
}

/** Misses after which the whole-line shortcut is not tried again (a pretty-printed export misses on every line). */
const LINE_MISSES = 16;

/** `wholeLines: false` runs the state machine alone (tests compare the two). */
export function createJsonArraySplitter({ wholeLines = true } = {}): JsonArraySplitter {
  let lineMisses = wholeLines ? 0 : LINE_MISSES;
  let state: 'start' | 'between' | 'inside' | 'done' = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let index = 0;
  let consumed = 0; // bytes before the current chunk
  let elementStart = 0; // absolute offset
  let parts: Buffer[] = [];
  let bom = true;
  let finished = false;

  function* push(raw: Buffer | string): Generator<ElementEvent> {
    if (finished) return;
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let from = 0; // start of the element's bytes in this chunk
    let i = 0;
    if (bom && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    bom = false;
    for (; i < chunk.length; i += 1) {
      const b = chunk[i]!;
      if (state === 'inside') {
        if (inString) {
          i = skipString(chunk, i) - 1; // the loop's i += 1 lands after the closing quote
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth += 1;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          if (depth === 0) {
            // `]` closing the array right after a scalar element
            yield element(chunk, from, i);
            state = 'done';
            continue;
          }
          depth -= 1;
          if (depth === 0) {
            yield element(chunk, from, i + 1);
            state = 'between';
          }
        } else if (b === COMMA && depth === 0) {
          yield element(chunk, from, i);
          state = 'between';
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (state === 'start') {
        if (b !== OPEN_BRACKET) {
          finished = true;
          yield { kind: 'not_an_array', offset: consumed + i };
          return;
        }
        state = 'between';
        yield { kind: 'start' };
      } else if (state === 'between') {
        if (b === COMMA) continue;
        if (b === CLOSE_BRACKET) {
          state = 'done';
          continue;
        }
        if (b === OPEN_BRACE && lineMisses < LINE_MISSES) {
          const line = wholeLine(chunk, i);
          if (line) {
            yield line.event;
            i = line.next - 1;
            continue;
          }
        }
        state = 'inside';
        elementStart = consumed + i;
        from = i;
        depth = b === OPEN_BRACE || b === OPEN_BRACKET ? 1 : 0;
        inString = b === QUOTE;
        escaped = false;
      } else if (state === 'done') {
        finished = true;
        yield { kind: 'trailing', offset: consumed + i };
        return;
      }
    }
    // A copy: the reader may reuse the chunk's memory for the next read (readFileChunks does).
    if (state === 'inside') parts.push(Buffer.from(chunk.subarray(from)));
    consumed += chunk.length;
  }

  function* end(): Generator<ElementEvent> {
    if (finished) return;
    finished = true;
    const last = state as string; // mutated inside push, which flow analysis does not follow
    if (last === 'inside' || last === 'between')
      yield { kind: 'truncated', index: index + 1, offset: consumed };
  }

  /**
   * One object per line is how most large exports are written: the line from an element's `{` is tried
   * whole with JSON.parse. When it is exactly one object (then at most a comma and spaces), the state
   * machine would cut the very same element and stand where this leaves it, between elements. Anything
   * else (a pretty-printed or broken element, a line cut by the chunk) is left to the machine.
   */
  function wholeLine(chunk: Buffer, at: number): { event: ElementEvent; next: number } | undefined {
    const nl = chunk.indexOf(0x0a, at);
    if (nl < 0) return undefined;
    let end = nl;
    while (end > at && isSpace(chunk[end - 1]!)) end -= 1;
    if (chunk[end - 1] === COMMA) {
      end -= 1;
      while (end > at && isSpace(chunk[end - 1]!)) end -= 1;
    }
    if (end - at < 2 || chunk[end - 1] !== CLOSE_BRACE) {
      lineMisses += 1;
      return undefined;
    }
    const text = chunk.toString('utf8', at, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      lineMisses += 1;
      return undefined;
    }
    index += 1;
    return { event: { kind: 'element', index, offset: consumed + at, text, value }, next: nl + 1 };
  }

  /**
   * Most of an export's bytes are inside strings: find the closing quote with the native indexOf and
   * count the backslashes before it, instead of a JS step per byte. Returns the index after the string
   * (clearing inString), or chunk.length when the string goes on in the next chunk.
   */
  function skipString(chunk: Buffer, from: number): number {
    let i = from;
    if (escaped) {
      escaped = false;
      i += 1;
    }
    for (;;) {
      const q = chunk.indexOf(QUOTE, i);
      const end = q < 0 ? chunk.length : q;
      let k = end - 1;
      while (k >= i && chunk[k] === BACKSLASH) k -= 1;
      const odd = (end - 1 - k) % 2 === 1;
      if (q < 0) {
        escaped = odd;
        return chunk.length;
      }
      if (!odd) {
        inString = false;
        return q + 1;
      }
      i = q + 1;
    }
  }

  /** The element ending at `end` in this chunk, with whatever earlier chunks held of it. */
  function element(chunk: Buffer, from: number, end: number): ElementEvent {
    // Most elements lie within one chunk: decoded in place, without a Buffer view per element.
    let text: string;
    if (parts.length === 0) text = chunk.toString('utf8', from, end);
    else {
      parts.push(chunk.subarray(from, end));
      text = Buffer.concat(parts).toString('utf8');
    }
    parts = [];
    index += 1;
    return { kind: 'element', index, offset: elementStart, text };
  }

  return {
    push,
    end,
    get finished() {
      return finished;
    },
  };
}
