// What file exports read: the live responses of a form in the order they were started,
// whole or page by page, and the stored files that exports carry.
import Dexie from 'dexie';
import type { SurveyResponse } from '../domain/types';
import { database, type PisoDatabase } from './database';
import type { StoredFile } from './files';

const INDEX = '[formId+ixLive+startedAt]';

/** Reads through the [formId+ixLive+startedAt] index: tombstones are never read. */
export function responsesOfForm(formId: string, db: PisoDatabase = database()): Promise<SurveyResponse[]> {
  return db
    .recordTable<SurveyResponse>('response')
    .where(INDEX)
    .between([formId, 1, Dexie.minKey], [formId, 1, Dexie.maxKey])
    .toArray();
}

/**
 * The live responses of a form in pages of `size`, in the order of responsesOfForm.
 * Keyed paging: each page starts at the last page's start time, and skips the responses
 * of that same start time already handed out (the index orders them by id), so a page
 * never re-walks what came before. The next page is read while the caller works on this one.
 */
export async function* responsePagesOfForm(formId: string, size: number, db: PisoDatabase = database()): AsyncGenerator<SurveyResponse[]> {
  const table = db.recordTable<SurveyResponse>('response');
  const read = (from: string | typeof Dexie.minKey, skip: number) =>
    table
      .where(INDEX)
      .between([formId, 1, from], [formId, 1, Dexie.maxKey])
      .limit(size + skip)
      .toArray()
      .then((rows) => rows.slice(skip));
  let coming: Promise<SurveyResponse[]> = read(Dexie.minKey, 0);
  let last: string | undefined;
  let seen = 0;
  for (;;) {
    const page = await coming;
    if (page.length === 0) return;
    const previous = last;
    last = page[page.length - 1].startedAt;
    // How many of the responses handed out so far started at `last`: the next page skips them.
    let same = 0;
    while (same < page.length && page[page.length - 1 - same].startedAt === last) same++;
    seen = same === page.length && last === previous ? seen + same : same;
    coming = page.length < size ? Promise.resolve([]) : read(last, seen);
    coming.catch(() => undefined);
    yield page;
  }
}

/** Live responses of a form: the total of an export's progress. */
export function countResponsesOfForm(formId: string, db: PisoDatabase = database()): Promise<number> {
  return db
    .recordTable<SurveyResponse>('response')
    .where(INDEX)
    .between([formId, 1, Dexie.minKey], [formId, 1, Dexie.maxKey])
    .count();
}

/** The stored files of these hashes, in the order given; undefined for those not on this device. */
export function storedFiles(hashes: readonly string[], db: PisoDatabase = database()): Promise<(StoredFile | undefined)[]> {
  return db.files.bulkGet([...hashes]);
}
