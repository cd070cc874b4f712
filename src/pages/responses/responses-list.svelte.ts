// The responses list as runes: the first page is a live query, so that a response
// saved, corrected or synced shows up by itself; "Load more" pages come by cursor and
// are fetched again behind a changed first page, so that nothing is skipped or shown twice.

import { untrack } from 'svelte';
import {
  countResponses,
  live,
  pageResponses,
  type ResponseCursor,
  type ResponseFilter,
  type ResponsePage,
} from '../../lib/db';
import type { SurveyResponse } from '../../lib/domain/types';
import { NO_FILTER, toQuery, type FilterValues } from './list-filter';

export const PAGE_SIZE = 50;

export class ResponsesList {
  filter = $state<FilterValues>({ ...NO_FILTER });
  #query: () => ResponseFilter;
  #first;
  #count;
  #more = $state.raw<SurveyResponse[]>([]);
  #moreCursor = $state.raw<ResponseCursor | null>(null);
  #loadingMore = $state(false);
  /** Bumped whenever what "more" holds is outdated, so that a late answer is dropped. */
  #generation = 0;

  /** Call while a component initializes: the queries live as long as it does. */
  constructor(formId: () => string) {
    this.#query = () => toQuery(formId(), { ...this.filter });
    const query = this.#query;
    this.#first = live((f) => pageResponses(f, undefined, PAGE_SIZE), undefined as ResponsePage | undefined, query);
    this.#count = live((f) => countResponses(f), undefined as number | undefined, query);

    $effect(() => {
      query();
      untrack(() => this.#dropMore());
    });
    $effect(() => {
      const page = this.#first.current;
      const wanted = untrack(() => this.#more.length);
      if (!page || wanted === 0) return;
      const generation = ++this.#generation;
      if (!page.nextCursor) return this.#dropMore();
      void pageResponses(untrack(query), page.nextCursor, wanted).then((next) => {
        if (generation !== this.#generation) return;
        this.#more = next.items;
        this.#moreCursor = next.nextCursor;
      });
    });
  }

  #dropMore(): void {
    this.#generation++;
    this.#more = [];
    this.#moreCursor = null;
  }

  get loading(): boolean {
    return this.#first.loading;
  }

  get error(): unknown {
    return this.#first.error ?? this.#count.error;
  }

  get items(): SurveyResponse[] {
    const first = this.#first.current?.items ?? [];
    return this.#more.length ? [...first, ...this.#more] : first;
  }

  get count(): number | undefined {
    return this.#count.current;
  }

  get hasMore(): boolean {
    return (this.#more.length ? this.#moreCursor : this.#first.current?.nextCursor) != null;
  }

  get loadingMore(): boolean {
    return this.#loadingMore;
  }

  async loadMore(): Promise<void> {
    const cursor = this.#more.length ? this.#moreCursor : this.#first.current?.nextCursor;
    if (!cursor || this.#loadingMore) return;
    const generation = this.#generation;
    this.#loadingMore = true;
    try {
      const next = await pageResponses(this.#query(), cursor, PAGE_SIZE);
      if (generation !== this.#generation) return;
      this.#more = [...this.#more, ...next.items];
      this.#moreCursor = next.nextCursor;
    } finally {
      this.#loadingMore = false;
    }
  }

  clear(): void {
    this.filter = { ...NO_FILTER };
  }
}
