// The responses list as runes, for a list that scrolls through every match (however
// many): the screen says which rows it shows (setWindow), and only the blocks of rows
// that cover them are read and kept. The first block, the total and the filter choices
// are one screen, read as soon as the list opens or its filter changes and read again
// after every change to the responses (watchListScreen), so that a response saved,
// corrected or synced shows up by itself; when it changes, the other blocks are read
// again (what they held may have moved).
//
// A screen read before, with no write since, is shown as the list is built (watchListScreen).
//
// A block is read after the last response of the block before it when that is known
// (keyset paging in index order: scrolling down never skips or repeats a response), and
// from its position otherwise (a jump: IndexedDB skips the index entries, from the end
// of the list when that is nearer).

import { untrack } from 'svelte';
import { pageResponses, watchListScreen, type FilterChoices, type ListScreen, type ResponseCursor, type ResponseFilter, type ResponseRow } from '../../lib/db';
import { NO_FILTER, toQuery, type FilterValues } from './list-filter';

export const BLOCK_SIZE = 50;
/** Blocks kept beyond those on screen, each way: memory holds a few hundred rows, not all. */
const KEPT_BLOCKS = 3;

export interface RowWindow {
  /** First row shown (0-based). */
  start: number;
  /** One past the last row shown. */
  end: number;
}

/** A screen as read, with the query it was read for: the blocks after its first are read with the same one. */
interface Shown extends ListScreen {
  query: ResponseFilter;
}

const NO_CHOICES: FilterChoices = { enumerators: [], departments: [] };

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The choices shown so far when a new screen brings the same ones: the filter fields are then left as they are. */
function keptChoices(before: FilterChoices | undefined, now: FilterChoices): FilterChoices {
  return before && sameList(before.enumerators, now.enumerators) && sameList(before.departments, now.departments) ? before : now;
}

export class ResponsesList {
  filter = $state<FilterValues>({ ...NO_FILTER });
  /**
   * The last screen that arrived: shown while that of a new filter is read (a few ms),
   * so that the list neither blinks to "loading" nor is built again.
   */
  #shown = $state.raw<Shown | undefined>();
  #error = $state.raw<unknown>();
  /** Blocks after the first, by number. */
  #blocks = $state.raw(new Map<number, ResponseRow[]>());
  /** Where the block after each read block starts; null: nothing after it. Outlives the blocks dropped. */
  #after = new Map<number, ResponseCursor | null>();
  #reading = new Set<number>();
  #window = $state.raw<RowWindow>({ start: 0, end: 0 });
  /** Bumped whenever a new screen arrives, so that a late block of the one before is dropped. */
  #generation = 0;

  /** Call while a component initializes: the reads live as long as it does. */
  constructor(formId: () => string) {
    // A pre-effect runs as it is created, and before the DOM updates when the filter
    // changes: the read is under way while the screen is built.
    $effect.pre(() => {
      const query = toQuery(formId(), { ...this.filter });
      return watchListScreen(
        query,
        BLOCK_SIZE,
        // Untracked: a screen kept from before is shown during this effect (watchListScreen).
        (screen) =>
          untrack(() => {
            this.#forget();
            this.#error = undefined;
            this.#shown = { ...screen, choices: keptChoices(this.#shown?.choices, screen.choices), query };
          }),
        (error) => (this.#error = error),
      );
    });
    $effect(() => {
      const { start, end } = this.#window;
      const shown = this.#shown;
      if (shown) untrack(() => this.#readFor(shown, start, end));
    });
  }

  #forget(): void {
    this.#generation++;
    this.#after.clear();
    this.#reading.clear();
    if (this.#blocks.size > 0) this.#blocks = new Map();
  }

  /** Reads the blocks the window needs, and lets go of those far from it. */
  #readFor(shown: Shown, start: number, end: number): void {
    const from = Math.floor(start / BLOCK_SIZE);
    const to = Math.floor(Math.max(start, end - 1) / BLOCK_SIZE);
    const far = [...this.#blocks.keys()].filter((k) => k < from - KEPT_BLOCKS || k > to + KEPT_BLOCKS);
    if (far.length > 0) {
      const kept = new Map(this.#blocks);
      for (const k of far) kept.delete(k);
      this.#blocks = kept;
    }
    for (let k = Math.max(1, from); k <= to; k++) {
      if (this.#blocks.has(k) || this.#reading.has(k)) continue;
      const previous = k === 1 ? shown.page.nextCursor : this.#after.get(k - 1);
      if (previous === null) return; // the list ends before block k
      this.#read(shown, k, previous ?? k * BLOCK_SIZE);
    }
  }

  #read(shown: Shown, k: number, from: ResponseCursor | number): void {
    const generation = this.#generation;
    this.#reading.add(k);
    void pageResponses(shown.query, from, BLOCK_SIZE, shown.count).then(
      (page) => {
        if (generation !== this.#generation) return;
        this.#reading.delete(k);
        this.#after.set(k, page.nextCursor);
        this.#blocks = new Map(this.#blocks).set(k, page.items);
      },
      () => {
        // Left unread: the rows stay placeholders, and the block is asked for again when the window moves.
        if (generation === this.#generation) this.#reading.delete(k);
      },
    );
  }

  /** The rows on screen; the list reads what they need. */
  setWindow(window: RowWindow): void {
    if (window.start !== this.#window.start || window.end !== this.#window.end) this.#window = window;
  }

  /** True until the first screen arrives. */
  get loading(): boolean {
    return !this.#shown && this.#error === undefined;
  }

  get error(): unknown {
    return this.#error;
  }

  /** How many responses match. */
  get total(): number {
    return this.#shown?.count ?? 0;
  }

  get count(): number | undefined {
    return this.#shown?.count;
  }

  /** The enumerators and departments the filters offer. */
  get choices(): FilterChoices {
    return this.#shown?.choices ?? NO_CHOICES;
  }

  /** The row at a position; undefined while its block is being read. */
  row(index: number): ResponseRow | undefined {
    const k = Math.floor(index / BLOCK_SIZE);
    const block = k === 0 ? this.#shown?.page.items : this.#blocks.get(k);
    return block?.[index % BLOCK_SIZE];
  }

  clear(): void {
    this.filter = { ...NO_FILTER };
  }
}
