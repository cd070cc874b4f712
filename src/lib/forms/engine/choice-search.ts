// Searching a long choice list as the enumerator types, ignoring case and accents
// ("jose" finds "José"). Each label is folded once (lower case, accents removed), and the
// folded labels of a list and language are kept end to end in one string, so that a
// word is looked for with one native substring search that skips every label without
// it, instead of a test per label. Folding 50,000 labels costs more than a frame on a
// cheap phone, so the list folds them in idle time after it opens (`prepare`), in chunks
// that never hold up the screen; a search that comes first folds the rest at once.
// A query that extends an earlier one of the same typing (each word of it sits inside a
// word of the new one) narrows that query's hits instead of searching the whole list,
// and going back to an earlier query (Backspace) finds its hits kept.

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

/** The folded labels of one list in one language, each followed by a newline. */
interface LabelIndex {
  /** All the folded labels, once every one is folded ('' until then). */
  text: string;
  /** `starts[i]`: where label i begins in `text`; label i ends just before `starts[i + 1] - 1`. */
  starts: Uint32Array;
  /** Labels 0..done-1 are folded (idle time folds them in order, a chunk at a time). */
  done: number;
  /** The folded chunks not yet joined into `text`. */
  chunks: string[];
  /** Where the next label will begin in `text`. */
  end: number;
}

const indexes = new WeakMap<readonly Choice[], Map<string, LabelIndex>>();

/** How many labels `prepare` folds between two looks at the time left. */
const CHUNK = 64;

/** A query of the current typing and the hits it found. */
interface Step {
  text: string;
  hits: Uint32Array;
}

export class ChoiceSearch {
  /**
   * The queries typed since the box was last empty, each extending the one before (so
   * each one's hits are within the previous one's): a longer query starts from the
   * longest that it extends, and Backspace goes back to one already found.
   */
  #path: Step[] = [];
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
    if (!index) {
      index = { text: '', starts: new Uint32Array(choices.length + 1), done: 0, chunks: [], end: 0 };
      byKey.set(languageKey, index);
    }
    this.#index = index;
  }

  /** Whether every label is folded: a search then only looks through one string. */
  get prepared(): boolean {
    return this.#index.done === this.choices.length;
  }

  /** Folds labels while `timeLeft()` (ms) allows, a chunk at least; true when all are folded. */
  prepare(timeLeft: () => number): boolean {
    const index = this.#index;
    const { choices, labelOf } = this;
    if (index.done === choices.length) return true;
    do {
      const end = Math.min(choices.length, index.done + CHUNK);
      const folded: string[] = [];
      for (let i = index.done; i < end; i++) {
        const label = foldLabel(labelOf(choices[i]));
        index.starts[i] = index.end;
        index.end += label.length + 1;
        folded.push(label);
      }
      index.chunks.push(folded.join('\n'));
      index.done = end;
    } while (index.done < choices.length && timeLeft() > 1);
    if (index.done < choices.length) return false;
    index.starts[choices.length] = index.end;
    index.text = index.chunks.join('\n');
    index.chunks = [];
    return true;
  }

  /** The choices whose label holds every word of `query`, in the list's order. */
  search(query: string): Hits {
    const words = queryWords(query);
    if (words.length === 0) {
      this.#path = [];
      return null;
    }
    const text = words.join(' ');
    const path = this.#path;
    while (path.length > 0 && !text.startsWith(path[path.length - 1].text)) path.pop();
    const from = path.length > 0 ? path[path.length - 1] : undefined;
    if (from?.text === text) return from.hits;
    this.prepare(() => Infinity);
    const hits = this.#scan(words, from?.hits);
    path.push({ text, hits });
    return hits;
  }

  /** The labels (all of them, or those of `from`) that hold every one of `words`. */
  #scan(words: readonly string[], from: Uint32Array | undefined): Uint32Array {
    const { text, starts } = this.#index;
    const count = this.choices.length;
    // Longest first: it is in the fewest labels, so it turns most labels down alone.
    const sorted = [...words].sort((a, b) => b.length - a.length);
    // Per word, its first place at or after the last label it was looked for in
    // (Infinity: nowhere after). Labels are visited in order, so one look often answers
    // for many labels: a label that ends before that place does not hold the word.
    const next = sorted.map(() => -1);
    const holds = (i: number): boolean => {
      const start = starts[i];
      const end = starts[i + 1] - 1;
      for (let w = 0; w < sorted.length; w++) {
        if (next[w] < start) {
          const at = text.indexOf(sorted[w], start);
          next[w] = at === -1 ? Infinity : at;
        }
        // A word has no white space, so a place that starts in the label is all inside it.
        if (next[w] >= end) return false;
      }
      return true;
    };
    const out = (this.#scratch ??= new Uint32Array(count));
    let n = 0;
    if (from) {
      for (let k = 0; k < from.length && next[0] !== Infinity; k++) if (holds(from[k])) out[n++] = from[k];
    } else {
      // Over the whole list, straight from one place of the longest word to the next.
      for (let i = 0; i < count; i++) {
        const at = text.indexOf(sorted[0], starts[i]);
        if (at === -1) break;
        i = labelAt(starts, at, i);
        next[0] = at;
        if (holds(i)) out[n++] = i;
      }
    }
    return out.slice(0, n);
  }
}

/** The label that holds place `at` of the text: the last `i >= from` with `starts[i] <= at`. */
function labelAt(starts: Uint32Array, at: number, from: number): number {
  if (starts[from + 1] > at) return from;
  let lo = from + 1;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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
