/** What an expression yields: XPath's three scalar types. */
export type Value = string | number | boolean;

/**
 * Several values read as one: every instance of a question inside a repeat (read from
 * outside the repeat), or a column of the items an instance() path selects.
 * XPath calls this a node-set.
 */
export type Nodeset = readonly string[];

/** A value while evaluating: a scalar or a node-set. */
export type Item = Value | Nodeset;

/**
 * One item of a secondary instance: a row of an attached CSV, a feature of a GeoJSON
 * file, or a choice of the form's own lists (`name`, `label` in the current language,
 * and the choices sheet's other columns), as pyxform lays them out under `/root/item`.
 */
export type Row = Readonly<Record<string, string>>;

/**
 * The data a form brought with it, read by `instance('id')/root/item[...]` and
 * `pulldata('id', ...)`. `id` is an attachment's file name without its extension
 * ('villages' for villages.csv) or a choice list's list_name, as pyxform names them.
 */
export interface DataSources {
  /**
   * The items of instance `id`, or undefined when the form has no such instance. Return
   * the same array each time (and a new one only when the data changes): lookups build
   * an index per array and column once, and keep it while the array lives.
   */
  items(id: string): readonly Row[] | undefined;
}

/** One level of indexed-repeat(): the `index`-th (1-based) instance of repeat `repeat`. */
export interface RepeatIndex {
  readonly repeat: string;
  readonly index: number;
}

/** What an expression may read. The form renderer implements it. */
export interface EvalContext {
  /**
   * The answer of question `name` as stored (select_multiple: space-separated names;
   * unanswered or not relevant: ''). A question inside a repeat read from outside it
   * gives every instance's answer; from inside, the renderer picks the sibling.
   */
  value(name: string): string | Nodeset;
  /** The value of the question the expression belongs to (`.` and `current()`). */
  current(): string;
  /** 1-based index of the current repeat instance; 0 outside repeats. */
  position(): number;
  /** The label, in the current language, of choice `choiceName` of question `questionName`. */
  choiceLabel(questionName: string, choiceName: string): string;
  /** The clock, so that tests and a form session can pin it. */
  now(): Date;
  /** BCP 47 language for month and day names in format-date (default 'en'). */
  locale?(): string;
  /** Secondary instances for instance() and pulldata(); without it they read as empty. */
  data?: DataSources;
  /**
   * The seed randomize() uses when the form gives none: one number per response, kept
   * with it, so that a shuffled order is the same each time the response is opened.
   * Without it such a randomize() shuffles differently on every evaluation, as ODK does.
   */
  randomSeed?(): number;
  /**
   * indexed-repeat(): the value of question `name` in the given instance of each
   * enclosing repeat, outermost first; '' when there is no such instance. Without it,
   * one level is answered from `value(name)` read from outside the repeat.
   */
  indexedValue?(name: string, path: readonly RepeatIndex[]): string;
}
