// Every live response of a form, in the order they were started, for file exports.
import Dexie from 'dexie';
import type { SurveyResponse } from '../domain/types';
import { database } from './database';

/** Reads through the [formId+ixLive+startedAt] index: tombstones are never read. */
export function responsesOfForm(formId: string): Promise<SurveyResponse[]> {
  return database()
    .recordTable<SurveyResponse>('response')
    .where('[formId+ixLive+startedAt]')
    .between([formId, 1, Dexie.minKey], [formId, 1, Dexie.maxKey])
    .toArray();
}
