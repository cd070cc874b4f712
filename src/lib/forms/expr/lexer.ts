import { ExpressionError } from './errors';

export type TokenKind =
  | 'num' | 'str' | 'ref' | 'name'
  | '.' | '..' | '(' | ')' | ',' | '/' | '[' | ']'
  | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly pos: number;
  /** The source text; for 'str' the unquoted value, for 'ref' the question name. */
  readonly text: string;
}

const NAME_START = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{N}_.\-]/u;
const DIGIT = /[0-9]/;
const SPACE = /\s/;

/** Characters people paste from word processors, with the fix to suggest. */
const LOOKALIKES: Record<string, string> = {
  '‘': "use a straight quote ' instead",
  '’': "use a straight quote ' instead",
  '“': 'use a straight quote " instead',
  '”': 'use a straight quote " instead',
  '@': 'attributes are not supported',
  '|': 'node-set unions are not supported',
};

/** Splits an expression into tokens; the last one is always 'eof'. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (DIGIT.test(c) || (c === '.' && DIGIT.test(src[i + 1] ?? ''))) {
      i = scanNumber(src, i);
      tokens.push({ kind: 'num', pos: start, text: src.slice(start, i) });
    } else if (c === '.') {
      const two = src[i + 1] === '.';
      i += two ? 2 : 1;
      tokens.push({ kind: two ? '..' : '.', pos: start, text: two ? '..' : '.' });
    } else if (c === "'" || c === '"') {
      const [value, end] = scanString(src, i);
      tokens.push({ kind: 'str', pos: start, text: value });
      i = end;
    } else if (c === '$') {
      const [name, end] = scanReference(src, i);
      tokens.push({ kind: 'ref', pos: start, text: name });
      i = end;
    } else if (NAME_START.test(c)) {
      i = scanName(src, i);
      tokens.push({ kind: 'name', pos: start, text: src.slice(start, i) });
    } else {
      const kind = operator(src, i);
      tokens.push({ kind, pos: start, text: kind });
      i += kind.length;
    }
  }
  tokens.push({ kind: 'eof', pos: src.length, text: '' });
  return tokens;
}

/** XPath numbers: digits with an optional fraction, no exponent and no sign. */
function scanNumber(src: string, i: number): number {
  while (DIGIT.test(src[i] ?? '')) i++;
  if (src[i] === '.') {
    i++;
    while (DIGIT.test(src[i] ?? '')) i++;
  }
  if (src[i] === '.') throw new ExpressionError('a number cannot have two decimal points', i);
  return i;
}

/**
 * XPath 1.0 strings have no escapes: a backslash is an ordinary character. A doubled
 * quote stands for one quote (as in XPath 2.0); that is never valid XPath 1.0, so no
 * form that works elsewhere changes meaning.
 */
function scanString(src: string, start: number): [string, number] {
  const quote = src[start];
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = src.indexOf(quote, i);
    if (close === -1) {
      throw new ExpressionError(`unterminated string: expected a closing ${quote}`, start);
    }
    value += src.slice(i, close);
    if (src[close + 1] !== quote) return [value, close + 1];
    value += quote;
    i = close + 2;
  }
}

/** `${name}` as XLSForm writes question references. */
function scanReference(src: string, start: number): [string, number] {
  if (src[start + 1] !== '{') {
    throw new ExpressionError("expected '{' after '$' (write ${name})", start + 1);
  }
  const nameStart = start + 2;
  if (!NAME_START.test(src[nameStart] ?? '')) {
    throw new ExpressionError('expected a question name after ${', nameStart);
  }
  let i = nameStart + 1;
  while (i < src.length && NAME_CHAR.test(src[i])) i++;
  if (src[i] !== '}') {
    throw new ExpressionError("expected '}' to close the question name", i);
  }
  return [src.slice(nameStart, i), i + 1];
}

/** An XPath QName: NCName with an optional `prefix:` (jr:choice-name). */
function scanName(src: string, i: number): number {
  i++;
  while (i < src.length && NAME_CHAR.test(src[i])) i++;
  if (src[i] === ':' && NAME_START.test(src[i + 1] ?? '')) {
    i += 2;
    while (i < src.length && NAME_CHAR.test(src[i])) i++;
  }
  return i;
}

function operator(src: string, i: number): TokenKind {
  const c = src[i];
  const next = src[i + 1];
  switch (c) {
    case '(': case ')': case ',': case '=': case '+': case '-': case '*': case '[': case ']':
      return c;
    case '/':
      if (next === '/') throw new ExpressionError("'//' paths are not supported: refer to questions as ${name}", i);
      return c;
    case '<': case '>':
      return next === '=' ? (`${c}=` as TokenKind) : c;
    case '!':
      if (next === '=') return '!=';
      throw new ExpressionError("unexpected '!': write != for 'not equal' or not(...)", i);
  }
  const hint = LOOKALIKES[c];
  throw new ExpressionError(`unexpected character '${c}'${hint ? `: ${hint}` : ''}`, i);
}
