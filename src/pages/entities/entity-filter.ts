// The list screen's query, worked out apart from the screen: the query of the search box,
// the filter and the page, and the filter's property names and values.

import type { EntityQuery } from '../../lib/db';
import type { Entity } from '../../lib/domain/types';

export const PAGE_SIZE = 50;

/** The query of the search box, the filter and the page number. */
export function queryOf(text: string, property: string, value: string, offset: number): EntityQuery {
  const words = text.trim();
  return {
    ...(words ? { text: words } : {}),
    // A property with no value chosen yet filters nothing.
    ...(property && value ? { where: { [property]: value } } : {}),
    offset,
    limit: PAGE_SIZE,
  };
}

/** The property names of some entities, and the values each takes among them, in alphabetical order. */
export function propertyValues(entities: readonly Pick<Entity, 'properties'>[], lang: string): Map<string, string[]> {
  const values = new Map<string, Set<string>>();
  for (const entity of entities) {
    for (const [name, value] of Object.entries(entity.properties)) {
      let set = values.get(name);
      if (!set) values.set(name, (set = new Set()));
      if (value !== '') set.add(value);
    }
  }
  const order = (a: string, b: string) => a.localeCompare(b, lang);
  return new Map([...values].sort(([a], [b]) => order(a, b)).map(([name, set]) => [name, [...set].sort(order)]));
}
