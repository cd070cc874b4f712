// A registration form and its follow-up, stored, and drafts of them finalized with entity
// actions: what the entity tests start from.

import { finalizeResponse, openDatabase, Repository, startDraft, type PisoDatabase } from '../../src/lib/db';
import type { EntityAction, Form, FormData, SurveyResponse } from '../../src/lib/domain/types';

let counter = 0;

export const freshEntityDatabase = (label: string): Promise<PisoDatabase> => openDatabase(`entities-${label}-${Date.now()}-${counter++}`);

const formData = (formId: string): FormData => ({
  formId,
  version: '1',
  title: { es: formId },
  languages: ['es'],
  defaultLanguage: 'es',
  questions: [{ type: 'text', name: 'name' }],
  choices: {},
  warnings: [],
  projectId: null,
});

/** Stores the form (on the current database) and returns a function that finalizes a new response with `actions`. */
export async function responder(formId = 'registration'): Promise<(actions: EntityAction[], enumerator?: string, now?: Date) => Promise<SurveyResponse>> {
  const form = await new Repository<Form>('form').create(formData(formId));
  return async (actions, enumerator = 'Ana', now = new Date('2026-12-01T10:00:00Z')) => {
    const draft = await startDraft(form, { enumerator, now });
    return finalizeResponse(draft.id, { name: 'x' }, now, undefined, actions);
  };
}

export const create = (entityId: string, label: string, properties: Record<string, string>, list = 'workers'): EntityAction => ({
  list,
  action: 'create',
  entityId,
  label,
  properties,
});

export const update = (entityId: string, properties: Record<string, string>, label?: string, list = 'workers'): EntityAction => ({
  list,
  action: 'update',
  entityId,
  properties,
  ...(label === undefined ? {} : { label }),
});
