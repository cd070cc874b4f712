// The responses list as runes, for a list that scrolls through every match (however
// many): the screen says which rows it shows (setWindow), and only the blocks of rows
// that cover them are read and kept. The first block and the total are one live query,
// so that a response saved, corrected or synced shows up by itself; when it changes, the
// other blocks are read again (what they held may have moved).
//
// A block is read after the last response of the block before it when that is known
// (keyset paging in index order: scrolling down never skips or repeats a response), and
// from its position otherwise (a jump: IndexedDB skips the index entries, from the end
// of the list when that is nearer).

import { untrack } from 'svelte';
import { firstPageWithCount, live, pageResponses, type FirstPage, type ResponseCursor, type ResponseFilter } from '../../lib/db';
import type { SurveyResponse } from '../../lib/domain/types';
import { NO_FILTER, toQuery, type FilterValues } from './list-filter';

export const BLOCK_SIZE = 50;
/** Blocks kept beyond those on screen, each way: memory holds a few hundred responses, not all. */
const KEPT_BLOCKS = 3;

export interface RowWindow {
  /** First row shown (0-based). */
  start: number;
  /** One past the last row shown. */
  end: number;
}

export class ResponsesList {
  filter = $state<FilterValues>({ ...NO_FILTER });
  #query: () => ResponseFilter;
  #first;
  /** Blocks after the first, by number. */
  #blocks = $state.raw(new Map<number, SurveyResponse[]>());
  /** Where the block after each read block starts; null: nothing after it. Outlives the blocks dropped. */
  #after = new Map<number, ResponseCursor | null>();
  #reading = new Set<number>();
  #window = $state.raw<RowWindow>({ start: 0, end: 0 });
  /** Bumped whenever what was read is outdated, so that a late answer is dropped. */
  #generation = 0;
  /** The same, as state: the window's blocks are then read again. */
  #epoch = $state(0);
  /**
   * The last first block and total that arrived: shown while those of a new filter are
   * read (a few ms), so that the list neither blinks to "loading" nor is built again.
   */
  #shown = $state.raw<FirstPage | undefined>();

  /** Call while a component initializes: the queries live as long as it does. */
  constructor(formId: () => string) {
    this.#query = () => toQuery(formId(), { ...this.filter });
    const query = this.#query;
    this.#first = live((f) => firstPageWithCount(f, BLOCK_SIZE), undefined as FirstPage | undefined, query);

    $effect(() => {
      query();
      void this.#first.current;
      untrack(() => this.#forget());
    });
    $effect.pre(() => {
      const first = this.#first.current;
      if (first) this.#shown = first;
    });
    $effect(() => {
      const { start, end } = this.#window;
      const first = this.#first.current;
      void this.#epoch;
      if (first) untrack(() => this.#readFor(start, end, first.page.nextCursor));
    });
  }

  #forget(): void {
    this.#epoch = ++this.#generation;
    this.#after.clear();
    this.#reading.clear();
    if (this.#blocks.size > 0) this.#blocks = new Map();
  }

  /** Reads the blocks the window needs, and lets go of those far from it. */
  #readFor(start: number, end: number, afterFirst: ResponseCursor | null): void {
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
      const previous = k === 1 ? afterFirst : this.#after.get(k - 1);
      if (previous === null) return; // the list ends before block k
      this.#read(k, previous ?? k * BLOCK_SIZE);
    }
  }

  #read(k: number, from: ResponseCursor | number): void {
    const generation = this.#generation;
    this.#reading.add(k);
    void pageResponses(this.#query(), from, BLOCK_SIZE, this.total).then(
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

  /** True until the first block of the first filter arrives. */
  get loading(): boolean {
    return this.#first.loading && !this.#shown;
  }

  get error(): unknown {
    return this.#first.error;
  }

  /** How many responses match. */
  get total(): number {
    return this.#shown?.count ?? 0;
  }

  get count(): number | undefined {
    return this.#shown?.count;
  }

  /** The response at a position; undefined while its block is being read. */
  row(index: number): SurveyResponse | undefined {
    const k = Math.floor(index / BLOCK_SIZE);
    const block = k === 0 ? this.#shown?.page.items : this.#blocks.get(k);
    return block?.[index % BLOCK_SIZE];
  }

  clear(): void {
    this.filter = { ...NO_FILTER };
  }
}
