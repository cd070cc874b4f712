// What instance() and pulldata() read (expr's DataSources): the form's attached item
// files by their name without extension (villages.csv is instance('villages')), its
// choice lists by list_name, as pyxform declares them: name, label in the session's
// language, and the choices sheet's other columns; and, for a name the form has neither
// of, the device's entity list of that name (ODK's list CSV rows, SessionEnv.lists).
// Each array is built once and kept (a lookup indexes the array it is given), per form
// version and, for labels, language; an entity list is the array it was loaded as.

import { itemFileKind, itemsOf, type Item } from '../attachments';
import type { FormData } from '../model';
import { localize } from '../model';
import type { DataSources } from '../expr';

type FormShape = Pick<FormData, 'choices' | 'attachments' | 'defaultLanguage'>;

export function formDataSources(form: FormShape, lang: () => string, entityLists?: ReadonlyMap<string, readonly Item[]>): DataSources {
  const files = new Map<string, Item[]>();
  const lists = new Map<string, { lang: string; rows: Item[] }>();
  return {
    items(id) {
      const cached = files.get(id);
      if (cached) return cached;
      const attachment = form.attachments?.find((a) => itemFileKind(a.name) && a.name.replace(/\.[^.]+$/, '') === id);
      if (attachment) {
        let items: Item[];
        try {
          items = itemsOf(attachment);
        } catch {
          // The importer reported the broken file when the form arrived: nothing to look up.
          items = [];
        }
        files.set(id, items);
        return items;
      }
      const choices = Object.hasOwn(form.choices, id) ? form.choices[id] : undefined;
      if (!choices) return entityLists?.get(id);
      const language = lang();
      const known = lists.get(id);
      if (known && known.lang === language) return known.rows;
      const rows = choices.map((c) => ({ ...c.extra, name: c.name, label: localize(c.label, language, form.defaultLanguage) }));
      lists.set(id, { lang: language, rows });
      return rows;
    },
  };
}

/** The instance('name')s an expression reads. */
export function instancesRead(src: string): string[] {
  return [...src.matchAll(/instance\s*\(\s*(['"])([^'"]+)\1\s*\)/g)].map((m) => m[2]);
}

/** One number per response for randomize() without a seed: from its id, the same on every device. */
export function responseSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
