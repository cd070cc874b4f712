// Interviews that read entity lists: which forms can visit an entity again, the lists a
// session of a form needs before it starts, and a new follow-up starting on its entity.

import { entityItems, type EntityItem } from '../../lib/db';
import type { Form, FormData } from '../../lib/domain/types';
import { entityListsOf, entitySelectOf, type FormSession } from '../../lib/forms/engine';

/** The forms (latest versions) that read `list`: the visits an entity of it can have. */
export function followUpForms<F extends Pick<FormData, 'questions' | 'attachments' | 'choices'>>(forms: readonly F[], list: string): F[] {
  return forms.filter((form) => entityListsOf(form).includes(list));
}

/** The forms that write to `list` (their entities sheet names it): what tells a project officer what the list is. */
export function formsWriting<F extends Pick<FormData, 'entities'>>(forms: readonly F[], list: string): F[] {
  return forms.filter((form) => form.entities?.some((declaration) => declaration.listName === list));
}

/** Every entity list the form reads, by name, as its session reads them (SessionEnv.lists). */
export async function listsOfForm(form: Form): Promise<Map<string, readonly EntityItem[]>> {
  const names = entityListsOf(form);
  const items = await Promise.all(names.map((name) => entityItems(name)));
  return new Map(names.map((name, i) => [name, items[i]]));
}

/**
 * Picks the entity in a new session's select of its list, so that the draft starts on
 * it and the calculations that look it up are filled. A form with no such select is
 * left as it is.
 */
export function pickEntity(session: FormSession, list: string, entityId: string): void {
  const name = entitySelectOf(session.form, list);
  const cell = name === undefined ? undefined : session.cell(name);
  if (cell) session.setValue(cell, entityId);
}
