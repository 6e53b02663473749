/**
 * What JSON.parse's error says about a broken record, without the record. V8 quotes up to 21
 * characters around an unexpected token ("Unexpected token 'x', ..."$2b$10$…" is not valid JSON"),
 * and the record around it is usually a password hash: the snippet is used here only to find the
 * position, and never leaves this module. Pure.
 */

/** V8's wording: "Expected ',' or '}' after property value", "Unterminated string"…: fixed text, no input. */
const FIXED_PHRASE = /^[A-Za-z ,':{}[\]-]{1,60}$/;
/** V8 shows this many characters on each side of an unexpected token. */
const CONTEXT = 10;

export interface JsonErrorWhere {
  /** The kind of error in V8's fixed words ("Unterminated string in JSON"), or "not valid JSON". */
  kind: string;
  /** 0-based character position in the text, when it can be told. */
  position?: number;
}

export function describeJsonError(err: unknown, text: string): JsonErrorWhere {
  const message = err instanceof Error ? err.message : '';
  const at = /^(.*) in JSON at position (\d+)/s.exec(message);
  if (at && FIXED_PHRASE.test(at[1]!) && !at[1]!.includes('token'))
    return { kind: at[1]!.toLowerCase(), position: Number(at[2]) };
  if (message.startsWith('Unexpected end of JSON input'))
    return { kind: 'unexpected end of input', position: text.length };
  const token = /^Unexpected token '.*?', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
  if (token)
    return {
      kind: 'unexpected character',
      position: tokenPosition(token[2]!, token[1] !== undefined, token[3] !== undefined, text),
    };
  return { kind: 'not valid JSON' };
}

/** The token's position from V8's context snippet (`...` marks a cut on either side), if it can be told. */
function tokenPosition(
  core: string,
  cutBefore: boolean,
  cutAfter: boolean,
  text: string,
): number | undefined {
  if (cutBefore) {
    const start = cutAfter ? text.indexOf(core) : text.length - core.length;
    return start < 0 ? undefined : start + CONTEXT;
  }
  if (cutAfter) return Math.max(0, core.length - CONTEXT);
  return undefined; // the whole (short) text: the token's place is not said
}

/** " (unexpected character at column 13)": the words a reader's message puts after "is not valid JSON". */
export function jsonErrorDetail(err: unknown, text: string, unit: 'column' | 'character'): string {
  const { kind, position } = describeJsonError(err, text);
  if (position === undefined) return kind === 'not valid JSON' ? '' : ` (${kind})`;
  return ` (${kind} at ${unit} ${position + 1})`;
}
