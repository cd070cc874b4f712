// Stored forms by XLSForm form_id and version. A new version is a new record, so that
// responses given to an older version keep the questions they were answered with.

import Dexie, { type Collection } from 'dexie';
import type { Form, FormData } from '../domain/types';
import { database } from './database';
import { repo } from './repositories';

const forms = repo<Form>('form');

/** Newest version first: versions are compared as numbers where they are numbers ("10" after "9"). */
export function compareVersionsDesc(a: Pick<FormData, 'version'>, b: Pick<FormData, 'version'>): number {
  return b.version.localeCompare(a.version, 'en', { numeric: true });
}

function byFormId(formId: string) {
  return database()
    .forms.where('[formId+version]')
    .between([formId, Dexie.minKey], [formId, Dexie.maxKey]) as unknown as Collection<Form, string>;
}

/** Every stored version of a form, newest first. */
export async function formVersions(formId: string): Promise<Form[]> {
  const found = await byFormId(formId)
    .filter((form) => !form.deleted)
    .toArray();
  return found.sort(compareVersionsDesc);
}

/** The form a response was given to; the newest version if that one is not on this device. */
export async function formForResponse(formId: string, version: string): Promise<Form | undefined> {
  const versions = await formVersions(formId);
  return versions.find((form) => form.version === version) ?? versions[0];
}

/**
 * The entity lists the stored forms declare (their entities sheets): a form that reads
 * one of them (`select_one_from_file workers.csv`) needs no file of that name.
 */
export async function declaredEntityLists(): Promise<Set<string>> {
  const out = new Set<string>();
  await database().forms.each((record) => {
    const form = record as unknown as Form;
    if (!form.deleted) for (const e of form.entities ?? []) out.add(e.listName);
  });
  return out;
}

export type SaveFormResult =
  /** Stored as a new record. */
  | { status: 'saved'; form: Form }
  /** This form_id and version is on the device already: nothing was written. */
  | { status: 'exists'; form: Form }
  /** It had been deleted: it is back, as it was. */
  | { status: 'restored'; form: Form };

/** Stores an imported form unless the same form_id and version is there already. */
export async function saveImportedForm(data: FormData): Promise<SaveFormResult> {
  const db = database();
  // One transaction: two quick taps on "Save" must not store the form twice.
  return db.transaction('rw', db.forms, db.meta, async () => {
    const existing = (await db.forms.where('[formId+version]').equals([data.formId, data.version]).first()) as Form | undefined;
    if (!existing) return { status: 'saved', form: await forms.create(data) };
    if (!existing.deleted) return { status: 'exists', form: existing };
    await forms.restore(existing.id);
    return { status: 'restored', form: existing };
  });
}
