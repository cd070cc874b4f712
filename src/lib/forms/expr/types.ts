/** What an expression yields: XPath's three scalar types. */
export type Value = string | number | boolean;

/**
 * All instances of one question inside a repeat, read from outside the repeat.
 * XPath calls this a node-set; only references produce one.
 */
export type Nodeset = readonly string[];

/** A value while evaluating: a scalar or a node-set. */
export type Item = Value | Nodeset;

/** What an expression may read. The form renderer implements it. */
export interface EvalContext {
  /**
   * The answer of question `name` as stored (select_multiple: space-separated names;
   * unanswered or not relevant: ''). A question inside a repeat read from outside it
   * gives every instance's answer; from inside, the renderer picks the sibling.
   */
  value(name: string): string | Nodeset;
  /** The value of the question the expression belongs to (`.`). */
  current(): string;
  /** 1-based index of the current repeat instance; 0 outside repeats. */
  position(): number;
  /** The label, in the current language, of choice `choiceName` of question `questionName`. */
  choiceLabel(questionName: string, choiceName: string): string;
  /** The clock, so that tests and a form session can pin it. */
  now(): Date;
  /** BCP 47 language for month and day names in format-date (default 'en'). */
  locale?(): string;
}
