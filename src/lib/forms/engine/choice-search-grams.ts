// Which labels of a long list hold each letter, and each pair of letters, that many
// labels hold: one bit per label. The first keys of a search type one or two letters
// that thousands of labels hold ("a", then "an"): reading those labels off the bits costs
// a few operations per 32 labels, where finding them in the text costs a native search
// per label. A pair that few labels hold needs no bits: a word that holds it is rare,
// and the text gives its few labels quickly.

/** Letters are numbered 1..OTHER in the order they are met. */
const LETTERS = 128;
/** The number every letter shares once 126 are numbered: a gram with it says nothing. */
const OTHER = LETTERS - 1;
/** The number of white space, which no word of a query holds. */
const SPACE = 255;
/** A gram gets bits when one label in DENSE holds it at least: the bits then take less room than a list of those labels. */
const DENSE = 32;
/** How many labels a build step reads between two looks at the time left. */
const CHUNK = 256;
const WHITE = /\s/;

/** What the grams say about one word of a query. */
export interface WordGrams {
  /** No label holds the word. */
  none: boolean;
  /** Bit rows that every label holding the word is set in. */
  rows: number[];
  /** At most this many labels hold the word. */
  most: number;
  /** The rows are set exactly for the labels that hold the word (one letter, or a pair). */
  exact: boolean;
}

export class LabelGrams {
  /** Row `r` holds label `i` at bit `i & 31` of `bits[r * width + (i >>> 5)]`. */
  bits = new Uint32Array(0);
  readonly width: number;
  /** The letter number of each UTF-16 code unit; 0 for one no label has. */
  readonly #letter = new Uint8Array(65536);
  #letters = 1;
  /** How many labels hold each gram: letter `a` at `a`, the pair `a`,`b` at `pairAt(a, b)`. */
  readonly #holders = new Uint32Array(LETTERS * (LETTERS + 1));
  /** The last label counted for each gram, so that a label counts once. */
  #last: Int32Array | null = new Int32Array(LETTERS * (LETTERS + 1)).fill(-1);
  /** Each gram's bit row, -1 for none; set once every label is counted. */
  #row: Int32Array | null = null;
  /** Labels read so far: counted (first pass), then set in the bits (second). */
  #done = 0;
  #built = false;

  /** `starts` as LabelIndex keeps it: label `i` is `text` from `starts[i]` to `starts[i + 1] - 1`. */
  constructor(
    readonly text: string,
    readonly starts: Uint32Array,
    readonly count: number,
  ) {
    this.width = Math.ceil(count / 32);
  }

  get built(): boolean {
    return this.#built;
  }

  /** Reads labels while `timeLeft()` (ms) allows, a chunk at least; true once built. */
  build(timeLeft: () => number): boolean {
    while (!this.#built) {
      const end = Math.min(this.count, this.#done + CHUNK);
      if (this.#row) this.#set(this.#done, end);
      else this.#countLabels(this.#done, end);
      this.#done = end;
      if (end === this.count) this.#nextPass();
      if (timeLeft() <= 1) break;
    }
    return this.#built;
  }

  #nextPass(): void {
    this.#done = 0;
    if (this.#row) {
      this.#built = true;
      return;
    }
    const row = new Int32Array(this.#holders.length).fill(-1);
    let rows = 0;
    for (let g = 0; g < row.length; g++) {
      if (this.#holders[g] * DENSE >= this.count && !this.#saysNothing(g)) row[g] = rows++;
    }
    this.#row = row;
    this.#last = null;
    this.bits = new Uint32Array(rows * this.width);
  }

  #saysNothing(g: number): boolean {
    return g < LETTERS ? g === OTHER : Math.floor(g / LETTERS) - 1 === OTHER || g % LETTERS === OTHER;
  }

  #newLetter(code: number): number {
    const l = WHITE.test(String.fromCharCode(code)) ? SPACE : this.#letters < OTHER ? this.#letters++ : OTHER;
    this.#letter[code] = l;
    return l;
  }

  // The two passes read each letter of labels [from, to) and the pair it ends; written
  // out rather than sharing a callback, which would cost a call per letter.

  #countLabels(from: number, to: number): void {
    const { text, starts } = this;
    const letter = this.#letter;
    const holders = this.#holders;
    const last = this.#last!;
    for (let i = from; i < to; i++) {
      let before = SPACE;
      for (let p = starts[i], end = starts[i + 1] - 1; p < end; p++) {
        const code = text.charCodeAt(p);
        const l = letter[code] || this.#newLetter(code);
        if (l !== SPACE) {
          if (last[l] !== i) {
            last[l] = i;
            holders[l]++;
          }
          if (before !== SPACE) {
            const g = LETTERS + before * LETTERS + l;
            if (last[g] !== i) {
              last[g] = i;
              holders[g]++;
            }
          }
        }
        before = l;
      }
    }
  }

  #set(from: number, to: number): void {
    const { text, starts, bits, width } = this;
    const letter = this.#letter;
    const row = this.#row!;
    for (let i = from; i < to; i++) {
      const at = i >>> 5;
      const bit = 1 << (i & 31);
      let before = SPACE;
      for (let p = starts[i], end = starts[i + 1] - 1; p < end; p++) {
        const l = letter[text.charCodeAt(p)];
        if (l !== SPACE) {
          const r = row[l];
          if (r >= 0) bits[r * width + at] |= bit;
          if (before !== SPACE) {
            const rp = row[LETTERS + before * LETTERS + l];
            if (rp >= 0) bits[rp * width + at] |= bit;
          }
        }
        before = l;
      }
    }
  }

  /** What the grams say about `word` (folded, without white space); only once built. */
  word(word: string): WordGrams {
    const row = this.#row!;
    const rows: number[] = [];
    let most = this.count;
    let exact = word.length <= 2;
    let before = 0;
    for (let p = 0; p < word.length; p++) {
      const l = this.#letter[word.charCodeAt(p)];
      // A letter that no label has (white space never reaches here: words are split on it).
      if (l === 0 || l === SPACE) return { none: true, rows: [], most: 0, exact: true };
      const grams = before === 0 ? [l] : [l, pairAt(before, l)];
      for (const g of grams) {
        if (this.#saysNothing(g)) {
          exact = false;
          continue;
        }
        const holders = this.#holders[g];
        if (holders === 0) return { none: true, rows: [], most: 0, exact: true };
        most = Math.min(most, holders);
        if (row[g] >= 0) {
          if (!rows.includes(row[g])) rows.push(row[g]);
        } else exact = false;
      }
      before = l;
    }
    return { none: false, rows, most, exact };
  }
}

function pairAt(a: number, b: number): number {
  return LETTERS + a * LETTERS + b;
}
