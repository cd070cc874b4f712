// Captured files (issue 11): stored with the answer that names it in one transaction,
// collected only when nothing names them and their grace period is over, counted per
// form, checked by the record schema, and read by expressions as their file name.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  collectUnnamedFiles,
  correctResponse,
  describeFile,
  fileSpaceByForm,
  finalizeResponse,
  getFile,
  openDatabase,
  putArrivedFile,
  repo,
  saveDraft,
  startDraft,
  type PendingFile,
  type PisoDatabase,
} from '../../src/lib/db';
import { checkRecord } from '../../src/lib/domain/schemas';
import { INSTANCE_ID, type Answers, type FileAnswer, type Form, type FormData } from '../../src/lib/domain/types';
import { FormSession } from '../../src/lib/forms/engine';
import { accepts, acceptOf } from '../../src/lib/media/accept';
import { maxPixelsOf } from '../../src/lib/media/limits';
import { withoutFiles } from '../../src/pages/fill/unload-backup';

let db: PisoDatabase;
let run = 0;
const forms = repo<Form>('form');

beforeEach(async () => {
  db = await openDatabase(`files-test-${++run}`);
});

const formData = (formId = 'survey'): FormData => ({
  formId,
  version: '1',
  title: { es: 'Encuesta' },
  languages: ['es'],
  defaultLanguage: 'es',
  questions: [
    { type: 'text', name: 'name' },
    { type: 'image', name: 'photo', parameters: { 'max-pixels': '1024' } },
    { type: 'repeat', name: 'member', children: [{ type: 'image', name: 'id_card' }] },
    { type: 'calculate', name: 'photo_name', calculation: 'concat("file: ", ${photo})' },
  ],
  choices: {},
  warnings: [],
});

/** A captured file as the fill screen holds it before it is written. */
async function captured(text: string, name = `${text}.jpg`): Promise<PendingFile> {
  const blob = new Blob([text], { type: 'image/jpeg' });
  return { answer: await describeFile(blob, name), blob };
}
const pending = (...files: PendingFile[]) => new Map(files.map((f) => [f.answer.hash, f]));

const DAY = 86_400_000;
const T0 = new Date('2026-12-01T10:00:00.000Z');
const later = (days: number) => new Date(T0.getTime() + days * DAY);

describe('a captured file is written with the answer that names it', () => {
  it('stores the file and the answer in one write, and only files the answers name', async () => {
    const form = await forms.create(formData());
    const draft = await startDraft(form, { enumerator: 'Ana' });
    const kept = await captured('house');
    const replaced = await captured('blurred');
    await saveDraft(draft.id, { name: 'Rosa', photo: kept.answer }, 'photo', pending(kept, replaced), T0);

    const stored = await getFile(kept.answer.hash);
    expect(stored).toMatchObject({ hash: kept.answer.hash, type: 'image/jpeg', size: 5, storedAt: T0.toISOString() });
    expect(await stored!.blob.text()).toBe('house');
    expect(await getFile(replaced.answer.hash)).toBeUndefined();
    const response = await db.responses.get(draft.id);
    expect(response).toMatchObject({ answers: { photo: kept.answer }, ixFiles: [kept.answer.hash] });
  });

  it('stores neither when the write fails: no file without its answer, no answer without its file', async () => {
    const form = await forms.create(formData());
    const draft = await startDraft(form, { enumerator: 'Ana' });
    await saveDraft(draft.id, { name: 'Rosa' });
    const photo = await captured('house');
    // The response write fails after the file was put (as a full disk would fail it).
    const failing = () => {
      throw new Error('disk failed');
    };
    db.responses.hook('updating', failing);
    await expect(saveDraft(draft.id, { name: 'Rosa', photo: photo.answer }, '', pending(photo))).rejects.toThrow(/disk failed/);
    db.responses.hook('updating').unsubscribe(failing);
    expect(await getFile(photo.answer.hash)).toBeUndefined();
    expect((await db.responses.get(draft.id))?.answers).toEqual({ name: 'Rosa' });
    // Written again, both are there.
    await saveDraft(draft.id, { name: 'Rosa', photo: photo.answer }, '', pending(photo));
    expect(await getFile(photo.answer.hash)).toBeDefined();
  });

  it('the same photo taken twice is one file, stored once; finalize and corrections write theirs too', async () => {
    const form = await forms.create(formData());
    const draft = await startDraft(form, { enumerator: 'Ana' });
    const a = await captured('same', 'a.jpg');
    const b = await captured('same', 'b.jpg');
    expect(b.answer.hash).toBe(a.answer.hash);
    const answers: Answers = { photo: a.answer, member: [{ [INSTANCE_ID]: 'i1', id_card: b.answer }] };
    await finalizeResponse(draft.id, answers, T0, pending(a));
    expect(await db.files.count()).toBe(1);

    const card = await captured('card');
    const corrected: Answers = { ...answers, member: [{ [INSTANCE_ID]: 'i1', id_card: card.answer }] };
    const edits = await correctResponse(draft.id, corrected, 'Marta', later(1), answers, pending(card));
    expect(edits.map((e) => [e.question, e.oldValue, e.newValue])).toEqual([['member[1]/id_card', b.answer, card.answer]]);
    expect(await getFile(card.answer.hash)).toBeDefined();
    const indexed = (await db.responses.get(draft.id)) as unknown as { ixFiles: string[] };
    expect(indexed.ixFiles.sort()).toEqual([a.answer.hash, card.answer.hash].sort());
  });
});

describe('garbage collection of files', () => {
  async function storedFile(text: string, at: Date): Promise<FileAnswer> {
    const blob = new Blob([text], { type: 'image/png' });
    const answer = await describeFile(blob, `${text}.png`);
    expect(await putArrivedFile(answer.hash, blob, at.toISOString())).toBe('stored');
    return answer;
  }

  it('removes a file no record names only once its grace period is over', async () => {
    const orphan = await storedFile('orphan', T0);
    expect(await collectUnnamedFiles(later(6.9))).toEqual([]);
    expect(await getFile(orphan.hash)).toBeDefined();
    expect(await collectUnnamedFiles(later(7.1))).toEqual([orphan.hash]);
    expect(await getFile(orphan.hash)).toBeUndefined();
  });

  it('never removes a file a draft, a finalized response or a kept copy of answers names', async () => {
    const form = await forms.create(formData());
    const inDraft = await storedFile('draft', T0);
    const inRepeat = await storedFile('repeat', T0);
    const inFinal = await storedFile('final', T0);
    const inBackup = await storedFile('backup', T0);
    const replaced = await storedFile('replaced', T0);
    const draft = await startDraft(form, { enumerator: 'Ana' });
    await saveDraft(draft.id, { photo: replaced });
    await saveDraft(draft.id, { photo: inDraft, member: [{ [INSTANCE_ID]: 'i1', id_card: inRepeat }] });
    const other = await startDraft(form, { enumerator: 'Ana' });
    await finalizeResponse(other.id, { photo: inFinal });

    expect(await collectUnnamedFiles(later(30), new Set([inBackup.hash]))).toEqual([replaced.hash]);
    for (const kept of [inDraft, inRepeat, inFinal, inBackup]) expect(await getFile(kept.hash)).toBeDefined();
  });
});

describe('space taken by files, per form', () => {
  it('sums each form’s files once, and counts apart those not on this device', async () => {
    const survey = await forms.create(formData('survey'));
    const other = await forms.create(formData('other'));
    const big = await captured('a large photo');
    const small = await captured('small');
    const r1 = await startDraft(survey, { enumerator: 'Ana' });
    const r2 = await startDraft(survey, { enumerator: 'Ana' });
    const r3 = await startDraft(other, { enumerator: 'Ana' });
    await saveDraft(r1.id, { photo: big.answer }, '', pending(big));
    // The same photo in a second response of the form, and a file that arrived without its bytes.
    const absent: FileAnswer = { hash: 'f'.repeat(64), name: 'x.jpg', type: 'image/jpeg', size: 99 };
    await saveDraft(r2.id, { photo: big.answer, member: [{ [INSTANCE_ID]: 'i1', id_card: absent }] });
    await saveDraft(r3.id, { photo: small.answer }, '', pending(small));

    expect(await fileSpaceByForm()).toEqual([
      { formId: 'survey', files: 1, bytes: big.blob.size, missing: 1 },
      { formId: 'other', files: 1, bytes: small.blob.size, missing: 0 },
    ]);
  });
});

describe('the record schema and file answers', () => {
  const file: FileAnswer = { hash: 'a'.repeat(64), name: '1733.jpg', type: 'image/jpeg', size: 1234 };
  const context = () => {
    const form = { ...formData(), formId: 'survey', version: '1' };
    return { form: (formId: string, version: string) => (formId === 'survey' && version === '1' ? form : undefined) };
  };
  async function response(answers: Answers) {
    const form = await forms.create(formData());
    const draft = await startDraft(form, { enumerator: 'Ana' });
    return { ...draft, answers };
  }

  it('accepts a file for a media question, in a repeat too, and the file name kept by older versions', async () => {
    const cases: Answers[] = [{ photo: file }, { member: [{ [INSTANCE_ID]: 'i1', id_card: file }] }, { photo: 'old.jpg' }];
    for (const answers of cases) {
      expect(checkRecord(await response(answers), context())).toMatchObject({ ok: true });
    }
  });

  it('refuses a file where the question is not a media one', async () => {
    expect(checkRecord(await response({ name: file }), context())).toMatchObject({
      ok: false,
      refusal: { reason: 'answerType', field: 'answers/name', params: { type: 'text' } },
    });
  });

  it('refuses a file whose hash is not SHA-256 hex, whose size is not a whole number of bytes, or whose type is not text', async () => {
    const bad = [
      { ...file, hash: 'A'.repeat(64) },
      { ...file, hash: 'a'.repeat(63) },
      { ...file, size: -1 },
      { ...file, size: 1.5 },
      { ...file, size: '12' },
      { ...file, type: 3 },
      { ...file, name: '' },
    ];
    for (const photo of bad) {
      const result = checkRecord(await response({ photo } as never), context());
      expect([photo, result.ok]).toEqual([photo, false]);
    }
  });
});

describe('the form engine and file answers', () => {
  const photo: FileAnswer = { hash: 'b'.repeat(64), name: 'house.jpg', type: 'image/jpeg', size: 10 };

  it('keeps a saved file, and expressions read the question as its file name', () => {
    const session = new FormSession(formData(), { photo });
    expect(session.cell('photo')!.file).toEqual(photo);
    expect(session.cell('photo_name')!.value).toBe('file: house.jpg');
    expect(session.answers()).toMatchObject({ photo, photo_name: 'file: house.jpg' });
  });

  it('sets, replaces and removes a file, telling expressions each time', () => {
    const session = new FormSession(formData(), {});
    const cell = session.cell('photo')!;
    const other = { ...photo, hash: 'c'.repeat(64), name: 'yard.jpg' };
    session.setFile(cell, photo);
    expect(session.answers().photo).toEqual(photo);
    session.setFile(cell, other);
    expect(session.cell('photo_name')!.value).toBe('file: yard.jpg');
    expect(session.answers().photo).toEqual(other);
    session.setFile(cell, null);
    expect(session.answers()).not.toHaveProperty('photo');
    expect(session.cell('photo_name')!.value).toBe('file: ');
  });
});

describe('what a media question takes', () => {
  it('an image question an image, a file question its accept list or anything', () => {
    expect(acceptOf('image')).toBe('image/*');
    expect(accepts('image/*', { type: 'image/jpeg', name: 'a.jpg' })).toBe(true);
    expect(accepts('image/*', { type: 'application/pdf', name: 'a.jpg' })).toBe(false);
    const pdfOnly = acceptOf('file', { extraAttributes: { 'body::accept': '.pdf, application/msword' } });
    expect(accepts(pdfOnly, { type: '', name: 'Report.PDF' })).toBe(true);
    expect(accepts(pdfOnly, { type: 'application/msword', name: 'x' })).toBe(true);
    expect(accepts(pdfOnly, { type: 'image/png', name: 'x.png' })).toBe(false);
    expect(accepts(acceptOf('file', {}), { type: 'image/png', name: 'x.png' })).toBe(true);
  });

  it('max-pixels from the question, none when absent or not a positive whole number', () => {
    expect(maxPixelsOf({ parameters: { 'max-pixels': '1024' } })).toBe(1024);
    for (const parameters of [undefined, {}, { 'max-pixels': '0' }, { 'max-pixels': 'big' }] as (Record<string, string> | undefined)[]) expect(maxPixelsOf({ parameters })).toBeNull();
  });

  it('a copy of answers kept in localStorage leaves out files not written yet', () => {
    const a: FileAnswer = { hash: '1'.repeat(64), name: 'a', type: 'image/png', size: 1 };
    const b: FileAnswer = { ...a, hash: '2'.repeat(64) };
    const answers: Answers = { name: 'Rosa', photo: a, member: [{ [INSTANCE_ID]: 'i1', id_card: b }] };
    expect(withoutFiles(answers, new Set([b.hash]))).toEqual({ name: 'Rosa', photo: a, member: [{ [INSTANCE_ID]: 'i1' }] });
  });
});
