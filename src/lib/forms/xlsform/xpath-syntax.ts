// Is a text XPath 1.0 at all? ODK Central runs every expression pyxform passes through
// JavaRosa's parser and refuses the form when one is not XPath; this grammar (XPath 1.0,
// section 3, with pyxform's ${name} as a primary expression) gives the same answer
// and the character where it goes wrong. Whether Piso's engine can evaluate the
// expression is a separate question (expressions.ts).

type Kind = 'num' | 'str' | 'name' | 'ref' | 'var' | 'op' | 'end';
interface Token {
  kind: Kind;
  text: string;
  at: number;
}

export class XPathSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const NAME_START = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{N}_.\-\u00B7\u0300-\u036F\u203F\u2040]/u;
const OPS = ['//', '::', '..', '!=', '<=', '>=', '/', '|', '+', '-', '*', '=', '<', '>', '(', ')', '[', ']', '.', '@', ',', '$'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const name = (from: number) => {
    let j = from + 1;
    while (j < src.length && NAME_CHAR.test(src[j])) j++;
    return j;
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new XPathSyntaxError('unclosed string', i);
      out.push({ kind: 'str', text: src.slice(i, end + 1), at: i });
      i = end + 1;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? ''))) {
      const m = /^(\d+(\.\d*)?|\.\d+)/.exec(src.slice(i))!;
      out.push({ kind: 'num', text: m[0], at: i });
      i += m[0].length;
    } else if (c === '$' && src[i + 1] === '{') {
      const end = src.indexOf('}', i);
      if (end < 0) throw new XPathSyntaxError('unclosed ${', i);
      out.push({ kind: 'ref', text: src.slice(i, end + 1), at: i });
      i = end + 1;
    } else if (NAME_START.test(c)) {
      let j = name(i);
      // A QName (jr:choice-name, prefix:*) but not an axis (child::x).
      if (src[j] === ':' && src[j + 1] !== ':') {
        if (src[j + 1] === '*') j += 2;
        else if (NAME_START.test(src[j + 1] ?? '')) j = name(j + 1);
      }
      out.push({ kind: 'name', text: src.slice(i, j), at: i });
      i = j;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new XPathSyntaxError(`unexpected character ${c}`, i);
      if (op === '$') {
        if (!NAME_START.test(src[i + 1] ?? '')) throw new XPathSyntaxError('a variable needs a name', i);
        const j = name(i + 1);
        out.push({ kind: 'var', text: src.slice(i, j), at: i });
        i = j;
        continue;
      }
      out.push({ kind: 'op', text: op, at: i });
      i += op.length;
    }
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}

const NODE_TYPES = new Set(['node', 'text', 'comment', 'processing-instruction']);
const AXES = new Set([
  'ancestor', 'ancestor-or-self', 'attribute', 'child', 'descendant', 'descendant-or-self', 'following',
  'following-sibling', 'namespace', 'parent', 'preceding', 'preceding-sibling', 'self',
]);

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  private get cur(): Token {
    return this.t[this.i];
  }
  private peek(n = 1): Token {
    return this.t[Math.min(this.i + n, this.t.length - 1)];
  }
  private isOp(text: string, tok = this.cur): boolean {
    return tok.kind === 'op' && tok.text === text;
  }
  private isWord(text: string): boolean {
    return this.cur.kind === 'name' && this.cur.text === text;
  }
  private fail(what: string): never {
    const tok = this.cur;
    throw new XPathSyntaxError(tok.kind === 'end' ? `${what} expected at the end` : `${what} expected, found ${tok.text}`, tok.at);
  }
  private expect(op: string): void {
    if (!this.isOp(op)) this.fail(`'${op}'`);
    this.i++;
  }

  parse(): void {
    if (this.cur.kind === 'end') this.fail('an expression');
    this.expr();
    if ((this.cur as Token).kind !== 'end') this.fail('an operator');
  }

  private expr(): void {
    this.binary(0);
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['or'], ['and'], ['=', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', 'div', 'mod'],
  ];

  private binary(level: number): void {
    if (level === Parser.LEVELS.length) return this.unary();
    this.binary(level + 1);
    const ops = Parser.LEVELS[level];
    while ((this.cur.kind === 'op' || this.cur.kind === 'name') && ops.includes(this.cur.text)) {
      this.i++;
      this.binary(level + 1);
    }
  }

  private unary(): void {
    while (this.isOp('-')) this.i++;
    this.path();
    while (this.isOp('|')) {
      this.i++;
      this.path();
    }
  }

  private startsFilter(): boolean {
    const c = this.cur;
    if (c.kind === 'num' || c.kind === 'str' || c.kind === 'ref' || c.kind === 'var' || this.isOp('(')) return true;
    return c.kind === 'name' && this.isOp('(', this.peek()) && !NODE_TYPES.has(c.text);
  }

  private path(): void {
    if (this.startsFilter()) {
      this.primary();
      this.predicates();
      if (this.isOp('/') || this.isOp('//')) {
        this.i++;
        this.relative();
      }
      return;
    }
    if (this.isOp('/')) {
      this.i++;
      if (this.startsStep()) this.relative();
      return;
    }
    if (this.isOp('//')) this.i++;
    this.relative();
  }

  private startsStep(): boolean {
    const c = this.cur;
    return c.kind === 'name' || this.isOp('*') || this.isOp('.') || this.isOp('..') || this.isOp('@');
  }

  private relative(): void {
    this.step();
    while (this.isOp('/') || this.isOp('//')) {
      this.i++;
      this.step();
    }
  }

  private step(): void {
    if (this.isOp('.') || this.isOp('..')) {
      this.i++;
      return;
    }
    if (this.isOp('@')) this.i++;
    else if (this.cur.kind === 'name' && this.isOp('::', this.peek())) {
      if (!AXES.has(this.cur.text)) this.fail('an axis name');
      this.i += 2;
    }
    if (this.isOp('*')) this.i++;
    else if (this.cur.kind === 'name') {
      const name = this.cur.text;
      this.i++;
      if (NODE_TYPES.has(name) && this.isOp('(')) {
        this.i++;
        if (name === 'processing-instruction' && (this.cur as Token).kind === 'str') this.i++;
        this.expect(')');
      }
    } else this.fail('a name, ".", ".." or "*"');
    this.predicates();
  }

  private predicates(): void {
    while (this.isOp('[')) {
      this.i++;
      this.expr();
      this.expect(']');
    }
  }

  private primary(): void {
    const c = this.cur;
    if (c.kind === 'num' || c.kind === 'str' || c.kind === 'var') {
      this.i++;
    } else if (c.kind === 'ref') {
      if (!/^\$\{[^}]+\}$/.test(c.text)) this.fail('a question name');
      this.i++;
    } else if (this.isOp('(')) {
      this.i++;
      this.expr();
      this.expect(')');
    } else {
      // A function call: name '(' arguments ')'.
      this.i += 2;
      if (!this.isOp(')')) {
        this.expr();
        while (this.isOp(',')) {
          this.i++;
          this.expr();
        }
      }
      this.expect(')');
    }
  }
}

/** Throws XPathSyntaxError, with the 0-based position, when `src` is not an XPath expression. */
export function checkXPathSyntax(src: string): void {
  new Parser(tokenize(src)).parse();
}
