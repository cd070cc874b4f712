// Interviews: drafts started from the latest version of a form, answers saved as
// they are given, finalized, and corrected afterwards with an audit trail. The
// form engine (lib/forms) computes the answers; this module only stores them.

import type { AnswerValue, Answers, DataOf, EntityAction, Form, ResponseEdit, SurveyResponse } from '../domain/types';
import { canonicalJson } from '../domain/merge';
import { displayPath, flattenAnswers, isInstancePath } from '../domain/answer-paths';
import { rebaseEntries } from '../domain/record-stamp';
import { database } from './database';
import { putNamedFiles, type PendingFile } from './file-capture';
import { compareVersionsDesc } from './forms';
import { loadDefinitionReader } from './indicator-aggregates';
import { RecordNotFoundError } from './errors';
import { live, type Live } from './live.svelte';
import { Repository } from './repository';
import { applyEntityActions, type VisitContext } from './entities';
import { correctEntities } from './entity-corrections';

const forms = new Repository<Form>('form');
const responses = new Repository<SurveyResponse>('response');

/** The latest version of every form, one per formId. */
export async function latestForms(): Promise<Form[]> {
  const latest = new Map<string, Form>();
  for (const form of (await forms.list()).sort(compareVersionsDesc)) {
    if (!latest.has(form.formId)) latest.set(form.formId, form);
  }
  return [...latest.values()];
}

export interface StartOptions {
  enumerator: string;
  /** The first answers (defaults and metadata), from the form engine. */
  answers?: Answers;
  now?: Date;
}

/** A new draft for `form`; records who, on which device, and when. */
export function startDraft(form: Form, { enumerator, answers = {}, now = new Date() }: StartOptions): Promise<SurveyResponse> {
  const data: DataOf<SurveyResponse> = {
    formId: form.formId,
    formVersion: form.version,
    projectId: form.projectId ?? null,
    status: 'draft',
    answers,
    startedAt: now.toISOString(),
    finalizedAt: null,
    enumerator,
    device: database().clock.deviceId,
    location: null,
    history: [],
    cursor: '',
  };
  return responses.create(data);
}

async function draft(id: string): Promise<SurveyResponse> {
  const response = await responses.get(id);
  if (!response) throw new RecordNotFoundError('response', id);
  if (response.status !== 'draft') throw new Error(`Response ${id} is finalized: change it through correctResponse`);
  return response;
}

/** Files captured on screen and not stored yet, by hash: each is written with the answer naming it. */
export type PendingFiles = ReadonlyMap<string, PendingFile>;
const NO_FILES: PendingFiles = new Map();

/** Saves a draft's answers and where the enumerator is, with the captured files they name. */
export async function saveDraft(id: string, answers: Answers, cursor?: string, files = NO_FILES, now = new Date()): Promise<void> {
  await loadDefinitionReader();
  const db = database();
  await db.transaction('rw', db.responses, db.meta, db.files, async () => {
    await draft(id);
    await putNamedFiles(files, answers, now);
    await responses.update(id, cursor === undefined ? { answers } : { answers, cursor });
  });
}

/**
 * Finalizes a draft: its answers, the files they name, and what it does to entities
 * (`entities`, from the form engine's entityActions), all in one transaction.
 */
export async function finalizeResponse(
  id: string,
  answers: Answers,
  now = new Date(),
  files = NO_FILES,
  entities: readonly EntityAction[] = [],
): Promise<SurveyResponse> {
  await loadDefinitionReader();
  const db = database();
  return db.transaction('rw', db.responses, db.meta, db.files, db.entities, async () => {
    const response = await draft(id);
    await putNamedFiles(files, answers, now);
    // Before the response: a refused create (EntityIdTakenError) undoes it all, and the response stays a draft.
    await applyEntityActions(entities, visitContext(response, response.enumerator, now));
    return responses.update(id, { answers, status: 'finalized', finalizedAt: now.toISOString(), cursor: '' });
  });
}

/**
 * Changes a finalized response's answers, appending one history entry per question
 * whose value changed, in the same write. Returns the entries added. Each entry has its
 * own id: histories merge as sets, so a correction made on another device adds to this
 * one's instead of replacing it. With `base` (the answers the screen loaded), only the
 * answers changed from it are written: a correction that reached this device meanwhile
 * (sync, bundle, another tab) is kept, not reverted.
 */
export async function correctResponse(
  id: string,
  answers: Answers,
  by: string,
  now = new Date(),
  base?: Answers,
  files = NO_FILES,
  entities: readonly EntityAction[] = [],
): Promise<ResponseEdit[]> {
  await loadDefinitionReader();
  const db = database();
  return db.transaction('rw', db.responses, db.meta, db.files, db.entities, async () => {
    const response = await responses.get(id);
    if (!response) throw new RecordNotFoundError('response', id);
    if (response.status !== 'finalized') throw new Error(`Response ${id} is a draft: save it with saveDraft`);
    const target = base ? (rebaseEntries('response', 'answers', base, answers, response.answers) as Answers) : answers;
    const { edits, history } = correctionOf(response, target, by, now);
    if (edits.length > 0) {
      await putNamedFiles(files, target, now);
      await correctEntities(entities, { ...visitContext(response, by, now), visitId: `${id}/c/${crypto.randomUUID()}` });
      await responses.update(id, { answers: target, history });
    }
    return edits;
  });
}

/** A response's visit on the entities it names, by `by` at `now`. */
const visitContext = (response: SurveyResponse, by: string, now: Date): VisitContext => ({
  responseId: response.id,
  formId: response.formId,
  formVersion: response.formVersion,
  by,
  now,
});

/** The history entries a correction to `answers` adds, one per changed question, and the history with them. */
export function correctionOf(
  response: Pick<SurveyResponse, 'answers' | 'history'>,
  answers: Answers,
  by: string,
  now: Date,
): { edits: ResponseEdit[]; history: ResponseEdit[] } {
  const at = now.toISOString();
  const edits = diffAnswers(response.answers, answers).map((d) => ({ id: crypto.randomUUID(), at, by, ...d }));
  return { edits, history: [...response.history, ...edits] };
}

/**
 * Each question whose value differs, with the old and new value (null: no answer).
 * Repeat instances are matched by id, not position; `question` is the path as people
 * read it ("household[2]/age"), numbered as in the answers after the change (as before it,
 * for an answer whose instance was removed).
 */
export function diffAnswers(before: Answers, after: Answers): Omit<ResponseEdit, 'id' | 'at' | 'by'>[] {
  const a = flattenAnswers(before);
  const b = flattenAnswers(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((path) => !isInstancePath(path.split('/')));
  const value = (entries: Map<string, unknown>, path: string) => (entries.get(path) as AnswerValue | undefined) ?? null;
  const instanceAfter = (path: string) => !path.includes('/') || b.has(path.slice(0, path.lastIndexOf('/')));
  return paths
    .filter((path) => canonicalJson(value(a, path)) !== canonicalJson(value(b, path)))
    .map((path) => ({
      question: displayPath(instanceAfter(path) ? after : before, path),
      oldValue: value(a, path),
      newValue: value(b, path),
    }));
}

export function liveLatestForms(): Live<Form[]> {
  return live(() => latestForms(), []);
}
