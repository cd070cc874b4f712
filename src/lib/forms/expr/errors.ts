/**
 * A problem found while parsing: bad syntax, an unknown function, a wrong number of
 * arguments, an invalid literal regular expression. Evaluation itself never throws.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  /** 0-based character offset in the expression's source. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}
