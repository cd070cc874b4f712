// The list screen's query, worked out apart from the screen: the query of the search box,
// the filter and the page, and the filter's property names and values, as people read them.

import type { EntityQuery } from '../../lib/db';
import type { Entity } from '../../lib/domain/types';
import type { PropertyWording } from './property-labels';

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

/** A property the list can be filtered on, as the screen offers it. */
export interface FilterProperty {
  name: string;
  label: string;
  /** The values to offer, each with how it reads: a select_one's choices first (all of them), then other values found. */
  values: { value: string; label: string }[];
  /** The property is a select_one: its values are chosen from a list, not typed. */
  closed: boolean;
}

/** The filter's properties, from some entities and the forms' wording, in the order of their labels. */
export function filterProperties(entities: readonly Pick<Entity, 'properties'>[], wording: PropertyWording, lang: string): FilterProperty[] {
  return [...propertyValues(entities, lang)]
    .map(([name, found]) => {
      const declared = wording.choices(name) ?? [];
      const known = new Set(declared.map((choice) => choice.value));
      const others = found.filter((value) => !known.has(value)).map((value) => ({ value, label: wording.value(name, value) }));
      return { name, label: wording.label(name), values: [...declared, ...others], closed: declared.length > 0 };
    })
    .sort((a, b) => a.label.localeCompare(b.label, lang));
}
