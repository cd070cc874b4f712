// The list screen's query: words to find, one property's value to match, and which page
// of the results is shown. Only a page of entities is ever read (offset/limit), so a
// list of 100,000 costs one page, whatever the query.

import { findEntities, live, type Live } from '../../lib/db';
import type { Entity } from '../../lib/domain/types';
import { PAGE_SIZE, queryOf } from './entity-filter';

/** How many entities the property names and values of the filter are taken from. */
const SAMPLE_SIZE = 200;

export interface EntityPage {
  total: number;
  page: Entity[];
}

const NOTHING: EntityPage = { total: 0, page: [] };

export class EntityListQuery {
  text = $state('');
  property = $state('');
  value = $state('');
  offset = $state(0);
  readonly results: Live<EntityPage>;
  /** The first entities of the list, unfiltered: where the filter's property names come from. */
  readonly sample: Live<EntityPage>;
  /** The last page that arrived: shown while the next query runs, so that the list does not flash. */
  #last = NOTHING;
  /** What to show: the latest results, or the previous ones while they come. */
  readonly shown = $derived.by(() => {
    if (!this.results.loading) this.#last = this.results.current;
    return this.#last;
  });

  constructor(list: () => string) {
    this.results = live(
      ({ list, query }) => findEntities(list, query),
      NOTHING,
      () => ({ list: list(), query: queryOf(this.text, this.property, this.value, this.offset) }),
    );
    this.sample = live((name) => findEntities(name, { limit: SAMPLE_SIZE }), NOTHING, list);
  }

  /** A new search or filter starts at the first page. */
  search(text: string): void {
    this.text = text;
    this.offset = 0;
  }

  filter(property: string, value: string): void {
    this.property = property;
    this.value = value;
    this.offset = 0;
  }

  page(step: 1 | -1): void {
    const total = this.shown.total;
    this.offset = Math.max(0, Math.min(this.offset + step * PAGE_SIZE, Math.max(0, total - 1)));
  }
}
