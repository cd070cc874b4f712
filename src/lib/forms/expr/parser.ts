import type { BinaryOp, Expr, Predicate } from './ast';
import { planPredicate } from './predicate-plan';
import { ExpressionError } from './errors';
import { FUNCTIONS } from './functions';
import { tokenize, type Token, type TokenKind } from './lexer';

/**
 * Parses an XLSForm expression into a tree, once; evaluate the tree as often as needed.
 * Throws ExpressionError for bad syntax, unknown functions and wrong arity.
 */
export function parseExpression(src: string): Expr {
  const parser = new Parser(tokenize(src));
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}

/**
 * Parses a filter over a list's items, as written in a choice_filter (`dept = ${d}`,
 * `selected(${x}, name)`): bare names are the item's columns, `.` the item. Evaluate it
 * with filterItems(); an equality on a column is served by an index.
 */
export function parseFilter(src: string): Predicate {
  const parser = new Parser(tokenize(src), 1);
  const expr = parser.expression();
  parser.expectEnd();
  return planPredicate(expr);
}

/** Binary operator levels, lowest precedence first, as in XPath 1.0. */
const LEVELS: readonly (readonly BinaryOp[])[] = [
  ['or'],
  ['and'],
  ['=', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', 'div', 'mod'],
];

/** Word operators are names in operand position and operators after an operand. */
const WORD_OPERATORS = new Set(['or', 'and', 'div', 'mod']);

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    /** How many instance-path filters (`[...]`) enclose the token being read. */
    private filterDepth = 0,
  ) {}

  expression(): Expr {
    return this.level(0);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'eof') {
      throw new ExpressionError(`expected an operator or the end of the expression but found ${describe(t)}`, t.pos);
    }
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  /** The operator the current token stands for, if it is one of `ops`. */
  private operatorIn(ops: readonly BinaryOp[]): BinaryOp | undefined {
    const t = this.peek();
    const op = t.kind === 'name' ? (WORD_OPERATORS.has(t.text) ? t.text : undefined) : t.kind;
    return ops.find((o) => o === op);
  }

  private level(n: number): Expr {
    if (n === LEVELS.length) return this.unary();
    let left = this.level(n + 1);
    for (let op = this.operatorIn(LEVELS[n]); op; op = this.operatorIn(LEVELS[n])) {
      const pos = this.peek().pos;
      this.i++;
      const right = this.level(n + 1);
      left = { k: 'bin', pos, op, l: left, r: right };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind !== '-') return this.primary();
    this.i++;
    return { k: 'neg', pos: t.pos, arg: this.unary() };
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.i++;
        return { k: 'num', pos: t.pos, v: Number(t.text) };
      case 'str':
        this.i++;
        return { k: 'str', pos: t.pos, v: t.text };
      case 'ref':
        this.i++;
        return { k: 'ref', pos: t.pos, name: t.text };
      case '.':
        this.i++;
        // Inside a filter, '.' is the item being tested, as in XPath.
        return this.filterDepth > 0 ? { k: 'item', pos: t.pos } : { k: 'cur', pos: t.pos };
      case '(': {
        this.i++;
        const inner = this.expression();
        this.expect(')', `to close the '(' at position ${t.pos}`);
        return inner;
      }
      case 'name':
        return this.nameOrCall(t);
      case '..':
        return this.parentPath(t.pos);
      case '/':
        return this.absolutePath(t.pos);
      default:
        throw new ExpressionError(
          `expected a value (a number, a 'string', \${name}, '.', '(' or a function call) but found ${describe(t)}`,
          t.pos,
        );
    }
  }

  /** A function call, an instance() or current() path, or a column inside a filter. */
  private nameOrCall(nameToken: Token): Expr {
    const name = nameToken.text;
    const pos = nameToken.pos;
    this.i++;
    if (this.peek().kind !== '(') {
      if (this.filterDepth > 0 && this.peek().kind !== '/') return { k: 'col', pos, name };
      throw new ExpressionError(
        `unexpected name '${name}': refer to a question as \${${name}} or call a function as ${name}(...)`,
        pos,
      );
    }
    const call = this.call(name, pos);
    if (this.peek().kind !== '/') return call;
    if (name === 'instance') return this.instancePath(call);
    if (name === 'current') {
      this.i++;
      return this.parentPath(this.peek().pos, "after current()/ write '..' (current()/../name)");
    }
    throw new ExpressionError(`a path cannot follow ${name}()`, this.peek().pos);
  }

  /** A name step after '/'; `what` says what was expected, for the message. */
  private step(what: string): Token {
    const t = this.peek();
    if (t.kind !== 'name') throw new ExpressionError(`expected ${what} but found ${describe(t)}`, t.pos);
    this.i++;
    return t;
  }

  /**
   * `instance('id')/root/item`, its filters, and an optional column: the shape pyxform
   * gives every secondary instance (attached files and choice lists).
   */
  private instancePath(call: Expr & { k: 'call' }): Expr {
    for (const expected of ['root', 'item']) {
      this.expect('/', `after instance(...)`);
      const t = this.step(`'${expected}'`);
      if (t.text !== expected) {
        throw new ExpressionError(`only instance('id')/root/item paths are supported, not '${t.text}'`, t.pos);
      }
    }
    const predicates = [];
    while (this.peek().kind === '[') {
      const open = this.peek().pos;
      this.i++;
      this.filterDepth++;
      const expr = this.expression();
      this.filterDepth--;
      this.expect(']', `to close the '[' at position ${open}`);
      predicates.push(planPredicate(expr));
    }
    let column: string | null = null;
    if (this.peek().kind === '/') {
      this.i++;
      column = this.step('a column name after item/').text;
      if (this.peek().kind === '/' || this.peek().kind === '[') {
        throw new ExpressionError('an instance path ends at a column of its items', this.peek().pos);
      }
    }
    return { k: 'path', pos: call.pos, id: call.args[0], predicates, column };
  }

  /**
   * `../name` (any number of '..'), the sibling question `name`: questions have unique
   * names, so the steps up only say where the path starts.
   */
  private parentPath(pos: number, hint = "'..' is only supported as position(..) or in ../name"): Expr {
    let ups = 0;
    while (this.peek().kind === '..') {
      this.i++;
      ups++;
      if (this.peek().kind !== '/') break;
      this.i++;
    }
    const t = this.peek();
    if (ups === 0 || t.kind !== 'name' || this.tokens[this.i - 1].kind !== '/') throw new ExpressionError(hint, pos);
    this.i++;
    this.refuseMoreSteps();
    return { k: 'ref', pos, name: t.text };
  }

  /** `/data/group/name`, as pyxform writes references: the question `name`. */
  private absolutePath(pos: number): Expr {
    let last: Token | undefined;
    while (this.peek().kind === '/') {
      this.i++;
      last = this.step('a name after /');
    }
    if (!last) throw new ExpressionError('expected a path', pos);
    return { k: 'ref', pos, name: last.text };
  }

  private refuseMoreSteps(): void {
    const t = this.peek();
    if (t.kind === '/' || t.kind === '[') {
      throw new ExpressionError('a question path ends at the question: refer to it as ${name}', t.pos);
    }
  }

  private call(name: string, pos: number): Expr & { k: 'call' } {
    const spec = FUNCTIONS.get(name);
    if (!spec) throw new ExpressionError(`unknown function '${name}'`, pos);
    this.i++;
    const args = this.arguments(name);
    if (args.length < spec.min || args.length > spec.max) {
      throw new ExpressionError(`${name}() ${arityText(spec.min, spec.max)} but was given ${args.length}`, pos);
    }
    spec.check?.(args, pos);
    return { k: 'call', pos, name, args, fn: spec.call };
  }

  /** The arguments after '(' up to and including ')'. */
  private arguments(name: string): Expr[] {
    const args: Expr[] = [];
    // position(..) is how XLSForm asks for the index of the enclosing repeat instance.
    if (name === 'position' && this.peek().kind === '..' && this.tokens[this.i + 1].kind === ')') {
      this.i += 2;
      return args;
    }
    if (this.peek().kind === ')') {
      this.i++;
      return args;
    }
    for (;;) {
      args.push(this.expression());
      const t = this.peek();
      this.i++;
      if (t.kind === ')') return args;
      if (t.kind !== ',') {
        throw new ExpressionError(`expected ',' or ')' in the arguments of ${name}() but found ${describe(t)}`, t.pos);
      }
    }
  }

  private expect(kind: TokenKind, why: string): void {
    const t = this.peek();
    if (t.kind !== kind) throw new ExpressionError(`expected '${kind}' ${why} but found ${describe(t)}`, t.pos);
    this.i++;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the expression';
    case 'str':
      return `the string '${t.text}'`;
    case 'ref':
      return `\${${t.text}}`;
    case '/':
      return "'/' (XPath divides with div)";
    default:
      return `'${t.text}'`;
  }
}

function arityText(min: number, max: number): string {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (min === max) return `takes ${plural(min)}`;
  if (max === Infinity) return `takes at least ${plural(min)}`;
  return `takes ${min} to ${max} arguments`;
}
