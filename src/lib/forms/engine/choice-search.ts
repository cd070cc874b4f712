// Searching a long choice list as the enumerator types, ignoring case and accents
// ("jose" finds "José"). Each label is folded once (lower case, accents removed) into
// an index per list and language, so a keystroke is a plain substring test per label.
// Folding 50,000 labels costs more than a frame on a cheap phone, so the list fills the
// index in idle time after it opens (`prepare`), in chunks that never hold up the
// screen; a search that comes first folds the labels still missing as it meets them.
// A query that extends the previous one narrows the previous hits instead of scanning
// the whole list again.

import type { Choice } from '../model';

/** Above this many choices a select gets the searchable list whatever its appearance. */
export const LONG_LIST = 200;

const SEARCH_APPEARANCE = /(^|\s)(autocomplete|search)\b/;

/** `autocomplete` and `search(...)` ask for a search box; a long list needs one anyway. */
export function wantsChoiceList(appearance: string | undefined, choiceCount: number): boolean {
  return choiceCount > LONG_LIST || SEARCH_APPEARANCE.test(appearance ?? '');
}

const MARKS = /\p{M}/gu;

/** Lower case without accents: "José", "JOSÉ" and "jose" all fold to "jose". */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(MARKS, '');
}

/** Up to here (Latin-1 to Latin Extended-B and the combining accents) a character folds on its own. */
const TABLE_END = 0x370;
const BEYOND_TABLE = /[^\u0000-\u036f]/;
const NOT_ASCII = /[^\u0000-\u007f]/g;
let foldTable: string[] | undefined;

/**
 * `fold(text)`, faster for Latin text: `normalize` is the slow part, and below
 * TABLE_END the fold of a text is the folds of its characters one after the other
 * (each decomposes on its own, and the marks it leaves are removed). Any other
 * character sends the whole text through `fold`, where context matters (Greek's final
 * sigma).
 */
export function foldLabel(text: string): string {
  if (BEYOND_TABLE.test(text)) return fold(text);
  const table = (foldTable ??= Array.from({ length: TABLE_END }, (_, code) => fold(String.fromCharCode(code))));
  // Two capitals of the table lower to letters beyond it (Ⱥ to ⱥ): those fold on their own.
  return text.toLowerCase().replace(NOT_ASCII, (ch) => table[ch.charCodeAt(0)] ?? fold(ch));
}

/** The words of a query, folded; a label matches when it holds every one of them. */
export function queryWords(query: string): string[] {
  return fold(query).split(/\s+/).filter(Boolean);
}

/** Which choices a query keeps: positions into the list, in the list's order; null keeps all. */
export type Hits = Uint32Array | null;

export function hitCount(hits: Hits, total: number): number {
  return hits ? hits.length : total;
}

/** The position in the list of the `i`-th hit. */
export function hitAt(hits: Hits, i: number): number {
  return hits ? hits[i] : i;
}

/** The folded labels of one list in one language; `folded[i]` is there once folded. */
interface LabelIndex {
  folded: string[];
  /** Labels 0..done-1 are folded (idle time folds them in order; a search may fold later ones). */
  done: number;
}

const indexes = new WeakMap<readonly Choice[], Map<string, LabelIndex>>();

/** How many labels `prepare` folds between two looks at the time left. */
const CHUNK = 64;

export class ChoiceSearch {
  #last: { words: string[]; text: string; hits: Hits } = { words: [], text: '', hits: null };
  /** Where a scan writes its hits before they are copied out at their size. */
  #scratch: Uint32Array | undefined;
  readonly #index: LabelIndex;

  /** `languageKey` names the language `labelOf` reads, so the labels are folded per language. */
  constructor(
    readonly choices: readonly Choice[],
    readonly languageKey: string,
    readonly labelOf: (choice: Choice) => string,
  ) {
    let byKey = indexes.get(choices);
    if (!byKey) indexes.set(choices, (byKey = new Map()));
    let index = byKey.get(languageKey);
    if (!index) byKey.set(languageKey, (index = { folded: new Array<string>(choices.length), done: 0 }));
    this.#index = index;
  }

  /** Whether every label is folded: a search then only compares strings. */
  get prepared(): boolean {
    return this.#index.done === this.choices.length;
  }

  /** Folds labels while `timeLeft()` (ms) allows, a chunk at least; true when all are folded. */
  prepare(timeLeft: () => number): boolean {
    const index = this.#index;
    const { choices, labelOf } = this;
    do {
      const end = Math.min(choices.length, index.done + CHUNK);
      for (let i = index.done; i < end; i++) index.folded[i] ??= foldLabel(labelOf(choices[i]));
      index.done = end;
    } while (index.done < choices.length && timeLeft() > 1);
    return this.prepared;
  }

  #folded(i: number): string {
    const folded = this.#index.folded;
    return folded[i] ??= foldLabel(this.labelOf(this.choices[i]));
  }

  /** The choices whose label holds every word of `query`, in the list's order. */
  search(query: string): Hits {
    const words = queryWords(query);
    const text = words.join(' ');
    if (text === this.#last.text) return this.#last.hits;
    if (words.length === 0) {
      this.#last = { words, text, hits: null };
      return null;
    }
    // Every word of the previous query sits inside a word of this one: a label that
    // holds this query's words held the previous ones, so only previous hits can match.
    const narrows = this.#last.words.length > 0 && text.startsWith(this.#last.text);
    const from = narrows ? this.#last.hits : null;
    const count = hitCount(from, this.choices.length);
    const out = (this.#scratch ??= new Uint32Array(this.choices.length));
    let n = 0;
    for (let i = 0; i < count; i++) {
      const at = hitAt(from, i);
      const label = this.#folded(at);
      let all = true;
      for (const word of words) {
        if (!label.includes(word)) {
          all = false;
          break;
        }
      }
      if (all) out[n++] = at;
    }
    if (!from) this.#index.done = this.choices.length;
    const hits = out.slice(0, n);
    this.#last = { words, text, hits };
    return hits;
  }
}

/**
 * select_multiple's value after ticking or unticking `name`: names in the list's order,
 * as ODK stores them; a selected name the list no longer offers (a choice filter
 * changed) is kept, after the others.
 */
export function toggleChoice(value: string, name: string, on: boolean, choices: readonly Choice[]): string {
  const selected = new Set(value.split(' ').filter(Boolean));
  if (on) selected.add(name);
  else selected.delete(name);
  const ordered: string[] = [];
  for (const choice of choices) {
    if (selected.delete(choice.name)) ordered.push(choice.name);
    if (selected.size === 0) break;
  }
  return [...ordered, ...selected].join(' ');
}
