// Searching a long choice list as the enumerator types, ignoring case and accents
// ("jose" finds "José"). Each label is folded once (lower case, accents removed), and the
// folded labels of a list and language are kept end to end in one string, so that a
// word is looked for with one native substring search that skips every label without
// it, instead of a test per label. Folding 50,000 labels costs more than a frame on a
// cheap phone, so the list folds them in idle time after it opens (`prepare`), in chunks
// that never hold up the screen; a search that comes first folds the rest at once.
// A query that extends an earlier one of the same typing (each word of it sits inside a
// word of the new one) narrows that query's hits instead of searching the whole list,
// and going back to an earlier query (Backspace) finds its hits kept. The next letter of
// the word being typed is looked for where that word was found in each hit, one
// character compare per label rather than a substring search per label (typing
// "trabajador" over 100,000 "Trabajador 01234" keeps every label at every key), and a
// key that drops no label gives back the very same hits, so the list is not redrawn.

import type { Choice } from '../model';
import { LabelGrams } from './choice-search-grams';

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
  /** Which labels hold the frequent letters and pairs, built in idle time once all are folded. */
  grams: LabelGrams | null;
}

const indexes = new WeakMap<readonly Choice[], Map<string, LabelIndex>>();

/** How many labels `prepare` folds between two looks at the time left. */
const CHUNK = 64;

/** A query of the current typing and the hits it found. */
interface Step {
  text: string;
  /** null: every label. */
  hits: Hits;
  /**
   * Where the query's last word begins in each hit's label (its first place there),
   * when the search looked for it in the text; undefined when the grams alone answered.
   */
  found: Uint32Array | undefined;
}

export class ChoiceSearch {
  /**
   * The queries typed since the box was last empty, each extending the one before (so
   * each one's hits are within the previous one's): a longer query starts from the
   * longest that it extends, and Backspace goes back to one already found.
   */
  #path: Step[] = [];
  /** Where a scan writes its hits, and the places of the last word, before they are copied out at their size. */
  #scratch: Uint32Array | undefined;
  #scratchFound: Uint32Array | undefined;
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
      index = { text: '', starts: new Uint32Array(choices.length + 1), done: 0, chunks: [], end: 0, grams: null };
      byKey.set(languageKey, index);
    }
    this.#index = index;
  }

  /** Whether every label is folded: a search then only looks through one string. */
  get folded(): boolean {
    return this.#index.done === this.choices.length;
  }

  /** Whether the labels are folded and the grams built: what idle time prepares. */
  get prepared(): boolean {
    return !!this.#index.grams?.built;
  }

  /**
   * Folds labels, then builds the grams, while `timeLeft()` (ms) allows, a chunk at
   * least; true when all is done.
   */
  prepare(timeLeft: () => number): boolean {
    const index = this.#index;
    if (!this.#fold(timeLeft)) return false;
    index.grams ??= new LabelGrams(index.text, index.starts, this.choices.length);
    return index.grams.build(timeLeft);
  }

  #fold(timeLeft: () => number): boolean {
    const index = this.#index;
    const { choices, labelOf } = this;
    if (index.done === choices.length) return true;
    do {
      const end = Math.min(choices.length, index.done + CHUNK);
      const labels: string[] = [];
      for (let i = index.done; i < end; i++) labels.push(labelOf(choices[i]));
      // Folded as one text: a character folds the same wherever it is (the context of a
      // fold stops at a newline), so the newlines still part the labels, unless one had its own.
      let folded = foldLabel(labels.join('\n'));
      let at = 0;
      for (let k = 0; k < labels.length && at >= 0; k++) {
        index.starts[index.done + k] = index.end + at;
        if (k + 1 < labels.length) at = folded.indexOf('\n', at) + 1 || -1;
      }
      if (at >= 0 && folded.indexOf('\n', at) === -1) index.end += folded.length + 1;
      else {
        const each = labels.map(foldLabel);
        each.forEach((label, k) => {
          index.starts[index.done + k] = index.end;
          index.end += label.length + 1;
        });
        folded = each.join('\n');
      }
      index.chunks.push(folded);
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
    this.#fold(() => Infinity);
    // The last word grown by letters (no new word): only it needs looking at, from where it was.
    const step =
      from?.found && !/\s/.test(text.slice(from.text.length))
        ? this.#extend(from, text, words[words.length - 1])
        : this.#scan(text, words, from?.hits);
    path.push(step);
    return step.hits;
  }

  /**
   * `from`'s hits whose label holds `word`, which is `from`'s last word with letters
   * added: each label's other words are in it already, and `word`, if there, begins at
   * or after where `from` found the shorter word (any place of `word` is one of it).
   */
  #extend(from: Step, text: string, word: string): Step {
    const { text: labels, starts } = this.#index;
    const { hits, found } = from as Step & { found: Uint32Array };
    const total = hitCount(hits, this.choices.length);
    const out = (this.#scratch ??= new Uint32Array(this.choices.length));
    const places = (this.#scratchFound ??= new Uint32Array(this.choices.length));
    const grown = text.length - from.text.length;
    const known = word.length - grown;
    let n = 0;
    let moved = false;
    // The first place of `word` at or after where it was last looked for (Infinity: none
    // after): hits are in the text's order, so one look answers for every label up to it.
    let next = -1;
    for (let k = 0; k < total; k++) {
      const i = hits ? hits[k] : k;
      let at = found[k];
      let same = true;
      for (let c = known; c < word.length && same; c++) same = labels.charCodeAt(at + c) === word.charCodeAt(c);
      if (!same) {
        if (next <= at) {
          const place = labels.indexOf(word, at + 1);
          next = place === -1 ? Infinity : place;
        }
        // A word has no white space, so a place that starts in the label is all inside it.
        if (next >= starts[i + 1] - 1) continue;
        at = next;
        moved = true;
      }
      out[n] = i;
      places[n++] = at;
    }
    if (n === total) return { text, hits, found: moved ? places.slice(0, n) : found };
    return { text, hits: out.slice(0, n), found: places.slice(0, n) };
  }

  /**
   * The labels (all of them, or those of `from`) that hold every one of `words`, found
   * from whichever is fewest: the labels of a rare word (found in the text), those of
   * `from`, or those set in the bits of every frequent letter and pair of the words.
   */
  #scan(query: string, words: readonly string[], from: Hits | undefined): Step {
    const { text, starts, grams } = this.#index;
    const count = this.choices.length;
    const out = (this.#scratch ??= new Uint32Array(count));
    const places = (this.#scratchFound ??= new Uint32Array(count));
    let n = 0;
    // Bit rows every hit is set in, and the words the rows do not settle.
    const rows: number[] = [];
    let check: string[] = [...words];
    /** The rarest word and how many labels hold it at most. */
    let rare = { word: '', most: Infinity };
    if (grams?.built) {
      check = [];
      for (const word of words) {
        const said = grams.word(word);
        if (said.none) return { text: query, hits: out.slice(0, 0), found: undefined };
        for (const r of said.rows) if (!rows.includes(r)) rows.push(r);
        if (!said.exact) check.push(word);
        if (said.rows.length === 0 || said.most * 32 < count) {
          if (said.most < rare.most) rare = { word, most: said.most };
        }
      }
    }
    // Longest first: it is in the fewest labels, so it turns most labels down alone.
    check.sort((a, b) => b.length - a.length);
    if (rare.most === Infinity && rows.length === 0) rare = { word: check[0], most: count };
    const last = check.indexOf(words[words.length - 1]);
    // Per word, its first place at or after the last label it was looked for in
    // (Infinity: nowhere after). Labels are visited in order, so one look often answers
    // for many labels: a label that ends before that place does not hold the word.
    const next = check.map(() => -1);
    const { bits, width } = grams ?? { bits: new Uint32Array(0), width: 0 };
    const holds = (i: number): boolean => {
      const bit = 1 << (i & 31);
      const at = i >>> 5;
      for (let r = 0; r < rows.length; r++) if ((bits[rows[r] * width + at] & bit) === 0) return false;
      const start = starts[i];
      const end = starts[i + 1] - 1;
      for (let w = 0; w < check.length; w++) {
        if (next[w] < start) {
          const found = text.indexOf(check[w], start);
          next[w] = found === -1 ? Infinity : found;
        }
        // A word has no white space, so a place that starts in the label is all inside it.
        if (next[w] >= end) return false;
      }
      return true;
    };
    // Each hit, and where its label holds the last word when that was looked for.
    const keep = (i: number): void => {
      if (last >= 0) places[n] = next[last];
      out[n++] = i;
    };
    const all = hitCount(from ?? null, count);
    if (from !== undefined && all <= rare.most) {
      for (let k = 0; k < all; k++) {
        const i = from ? from[k] : k;
        if (holds(i)) keep(i);
      }
    } else if (rare.most < Infinity) {
      // Straight from one place of the rare word in the text to the next.
      const w = check.indexOf(rare.word);
      for (let i = 0; i < count; i++) {
        const at = text.indexOf(rare.word, starts[i]);
        if (at === -1) break;
        i = labelAt(starts, at, i);
        next[w] = at;
        if (holds(i)) keep(i);
      }
    } else {
      // The labels set in every row, 32 at a time.
      for (let k = 0; k < width; k++) {
        let set = bits[rows[0] * width + k];
        for (let r = 1; r < rows.length && set !== 0; r++) set &= bits[rows[r] * width + k];
        while (set !== 0) {
          const i = k * 32 + (31 - Math.clz32(set & -set));
          set &= set - 1;
          if (holds(i)) keep(i);
        }
      }
    }
    const found = last >= 0 ? places.slice(0, n) : undefined;
    // Every label kept: the hits of before (or all) as they were, so nothing downstream changes.
    if (n === all) return { text: query, hits: from ?? null, found };
    return { text: query, hits: out.slice(0, n), found };
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
