// Searching a long choice list as the enumerator types, ignoring case and accents
// ("jose" finds "José"). Rather than folding 50,000 labels before the first search
// (too slow on a cheap phone), the query is folded and each letter of it becomes a
// class of its accented forms: `jose` matches "José", "JOSÉ" and "jose" as they are.
// A query that extends the previous one narrows the previous hits instead of
// scanning the whole list again: a keystroke over 50,000 villages stays within a frame.

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

/** The words of a query, folded; a label matches when it holds every one of them. */
export function queryWords(query: string): string[] {
  return fold(query).split(/\s+/).filter(Boolean);
}

let letterForms: Map<string, string> | undefined;

/** Each Latin letter with the accented letters that fold to it (Latin-1 to Latin Extended-B). */
function accentedForms(): Map<string, string> {
  if (letterForms) return letterForms;
  letterForms = new Map();
  for (let code = 0xc0; code < 0x250; code++) {
    const letter = String.fromCharCode(code).toLowerCase();
    if (letter.length !== 1) continue;
    const base = fold(letter);
    if (base.length === 1 && base >= 'a' && base <= 'z' && base !== letter) {
      letterForms.set(base, (letterForms.get(base) ?? base) + letter);
    }
  }
  return letterForms;
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * A pattern that finds a folded word in a label as written: each letter in any of its
 * accented forms, any case, with combining marks allowed after it (labels in NFD).
 */
export function wordPattern(word: string): RegExp {
  const forms = accentedForms();
  let source = '';
  for (const ch of word) {
    const alternatives = forms.get(ch);
    source += (alternatives ? `[${alternatives}]` : ch.replace(SPECIAL, '\\$&')) + '\\p{M}*';
  }
  return new RegExp(source, 'iu');
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

const labelLists = new WeakMap<readonly Choice[], Map<string, string[]>>();

/** The label of every choice, listed once per list and language. */
function labelsFor(choices: readonly Choice[], key: string, labelOf: (choice: Choice) => string): string[] {
  let byKey = labelLists.get(choices);
  if (!byKey) labelLists.set(choices, (byKey = new Map()));
  let labels = byKey.get(key);
  if (!labels) byKey.set(key, (labels = choices.map(labelOf)));
  return labels;
}

export class ChoiceSearch {
  #last: { words: string[]; text: string; hits: Hits } = { words: [], text: '', hits: null };

  /** `languageKey` names the language `labelOf` reads, so the labels are listed per language. */
  constructor(
    readonly choices: readonly Choice[],
    readonly languageKey: string,
    readonly labelOf: (choice: Choice) => string,
  ) {}

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
    const labels = labelsFor(this.choices, this.languageKey, this.labelOf);
    const patterns = words.map(wordPattern);
    const count = hitCount(from, labels.length);
    const out = new Uint32Array(count);
    let n = 0;
    for (let i = 0; i < count; i++) {
      const at = hitAt(from, i);
      const label = labels[at];
      let all = true;
      for (const pattern of patterns) {
        if (!pattern.test(label)) {
          all = false;
          break;
        }
      }
      if (all) out[n++] = at;
    }
    const hits = out.subarray(0, n);
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
