// Version 3 bundles carry files after the records: each checked against its hash and
// stored once; a bad one (damaged, cut, of a type its question does not take, too
// large) refused with why, the records naming it imported without it. Versions 1 and 2
// still import (bundle-roundtrip, record-upgrade).
import { describe, expect, it } from 'vitest';
import { commitStaged, exportBundle, stageImport, type ImportPlan } from '../../src/lib/bundle';
import type { PisoDatabase } from '../../src/lib/db/database';
import { getFile } from '../../src/lib/db/files';
import type { FileAnswer, SurveyResponse } from '../../src/lib/domain/types';
import { blobText, formData, freshDatabase, populate, repos, responseData } from './bundle-fixtures';
import { fileHash, jpegBytes, PART, toVersion3, type FixtureFile } from './bundle-v3';

const photoForm = (projectId: string) => ({
  ...formData('photos', projectId),
  questions: [
    { type: 'text' as const, name: 'name', label: { es: 'Nombre' } },
    { type: 'image' as const, name: 'photo', label: { es: 'Foto de la vivienda' } },
  ],
});

/** A source with responses naming `files` (one each, as photos), exported as version 2 text. */
async function photoSource(files: readonly FixtureFile[]) {
  const db = await freshDatabase();
  const made = await populate(db);
  await repos(db).forms.create(photoForm(made.project.id));
  const answers: FileAnswer[] = [];
  for (const [i, file] of files.entries()) {
    const answer = { hash: file.hash ?? (await fileHash(file.bytes)), name: `casa-${i}.jpg`, type: 'image/jpeg', size: file.bytes.length };
    answers.push(answer);
    await repos(db).responses.create({ ...responseData('photos', made.project.id, `Casa ${i}`), answers: { name: `Casa ${i}`, photo: answer } });
  }
  const text = await blobText((await exportBundle({ type: 'all' }, { db })).blob);
  return { db, made, text, answers };
}

/** Imports into `target` (the database opened last: files go to the app's database). */
async function importText(target: PisoDatabase, text: string): Promise<ImportPlan> {
  const plan = await stageImport(new Blob([text]), { db: target, batchRecords: 3 });
  expect(await commitStaged(plan, { db: target })).toEqual(plan.effect);
  return plan;
}

/** The stored file's own hash (the bytes compared whole; toEqual on megabytes of bytes is slow). */
const storedHash = async (hash: string) => fileHash(new Uint8Array(await (await getFile(hash))!.blob.arrayBuffer()));
const photosOf = async (db: PisoDatabase) =>
  ((await db.responses.toArray()) as unknown as SurveyResponse[]).filter((r) => r.formId === 'photos').map((r) => (r.answers.photo as FileAnswer).hash);

describe('bundle version 3: files', () => {
  it('stores each file whole, part by part, once; the same bundle again finds them present', async () => {
    const big: FixtureFile = { bytes: jpegBytes(2 * PART + 1000, 1), type: 'image/jpeg' };
    const small: FixtureFile = { bytes: jpegBytes(5000, 2), type: 'image/jpeg' };
    const { text, answers } = await photoSource([big, small]);
    const target = await freshDatabase();
    const bundle = await toVersion3(text, [big, small]);
    const plan = await importText(target, bundle);
    expect(plan.files).toEqual({ stored: 2, present: 0, refused: [], missing: 0 });
    expect(plan.effect.response.new).toBe(5);
    expect(await storedHash(answers[0].hash)).toBe(await fileHash(big.bytes));
    expect(await storedHash(answers[1].hash)).toBe(await fileHash(small.bytes));
    expect((await getFile(answers[0].hash))!.type).toBe('image/jpeg');
    expect((await importText(target, bundle)).files).toEqual({ stored: 0, present: 2, refused: [], missing: 0 });
  });

  it('refuses a damaged, cut, mistyped or too large file with why, and imports the records without it', async () => {
    const good: FixtureFile = { bytes: jpegBytes(3000, 3), type: 'image/jpeg' };
    const forged: FixtureFile = { bytes: jpegBytes(3000, 4), type: 'image/jpeg', hash: await fileHash(jpegBytes(3000, 5)) };
    const cut: FixtureFile = { bytes: jpegBytes(2 * PART, 6), type: 'image/jpeg', dropParts: 1 };
    const video: FixtureFile = { bytes: jpegBytes(3000, 7), type: 'video/mp4' };
    const huge: FixtureFile = { bytes: jpegBytes(10, 8), type: 'image/jpeg', size: 101 << 20 };
    const files = [forged, cut, video, huge, good];
    const { text, answers } = await photoSource(files);
    const target = await freshDatabase();
    const plan = await importText(target, await toVersion3(text, files));
    expect(plan.files.refused).toEqual([
      { reason: 'mismatch', hash: answers[0].hash, name: 'casa-0.jpg', type: 'image/jpeg', size: 3000 },
      { reason: 'truncated', hash: answers[1].hash, name: 'casa-1.jpg', type: 'image/jpeg', size: 2 * PART },
      { reason: 'typeNotAccepted', hash: answers[2].hash, name: 'casa-2.jpg', type: 'video/mp4', size: 3000 },
      { reason: 'tooLarge', hash: answers[3].hash, name: 'casa-3.jpg', type: 'image/jpeg', size: 101 << 20 },
    ]);
    expect(plan.files).toMatchObject({ stored: 1, present: 0, missing: 4 });
    // Every response is imported; only the good file is here ("file not on this device" for the others).
    expect((await photosOf(target)).sort()).toEqual(answers.map((a) => a.hash).sort());
    for (const answer of answers.slice(0, 4)) expect(await getFile(answer.hash)).toBeUndefined();
    expect(await storedHash(answers[4].hash)).toBe(await fileHash(good.bytes));
  });

  it('stores a file that comes twice in a bundle once', async () => {
    const photo: FixtureFile = { bytes: jpegBytes(PART + 1, 9), type: 'image/jpeg' };
    const { text } = await photoSource([photo]);
    const target = await freshDatabase();
    const plan = await importText(target, await toVersion3(text, [photo, photo]));
    expect(plan.files).toEqual({ stored: 1, present: 1, refused: [], missing: 0 });
  });

  it('imports a "records only" bundle, counting the files it lacks; the files come later with another bundle', async () => {
    const photos: FixtureFile[] = [
      { bytes: jpegBytes(4000, 10), type: 'image/jpeg' },
      { bytes: jpegBytes(4000, 11), type: 'image/jpeg' },
    ];
    const { text, answers } = await photoSource(photos);
    const target = await freshDatabase();
    const recordsOnly = await importText(target, await toVersion3(text, photos, { included: false }));
    expect(recordsOnly.files).toEqual({ stored: 0, present: 0, refused: [], missing: 2 });
    expect((await photosOf(target)).sort()).toEqual(answers.map((a) => a.hash).sort());
    const later = await importText(target, await toVersion3(text, photos));
    expect(later.files).toEqual({ stored: 2, present: 0, refused: [], missing: 0 });
    expect(later.effect.response).toEqual({ new: 0, updated: 0, unchanged: 5, deleted: 0 });
  });

  it('takes a file named by responses already here, and refuses one that nothing names', async () => {
    const photo: FixtureFile = { bytes: jpegBytes(4000, 12), type: 'image/jpeg' };
    const stray: FixtureFile = { bytes: jpegBytes(4000, 13), type: 'image/jpeg' };
    // The bundle's records name no file; this device's response names the photo.
    const source = await freshDatabase();
    const made = await populate(source);
    const text = await blobText((await exportBundle({ type: 'all' }, { db: source })).blob);
    const target = await freshDatabase();
    await repos(target).forms.create(photoForm(made.project.id));
    const answer = { hash: await fileHash(photo.bytes), name: 'casa.jpg', type: 'image/jpeg', size: 4000 };
    await repos(target).responses.create({ ...responseData('photos', made.project.id), answers: { photo: answer } });
    const plan = await importText(target, await toVersion3(text, [photo, stray]));
    expect(plan.files.stored).toBe(1);
    expect(plan.files.refused).toEqual([{ reason: 'notNamed', hash: await fileHash(stray.bytes), type: 'image/jpeg', size: 4000 }]);
    expect(await storedHash(answer.hash)).toBe(await fileHash(photo.bytes));
  });

  it('refuses a bundle cut inside its files whole: no record is written', async () => {
    const photo: FixtureFile = { bytes: jpegBytes(4000, 14), type: 'image/jpeg' };
    const source = await freshDatabase();
    await populate(source);
    const text = await toVersion3(await blobText((await exportBundle({ type: 'all' }, { db: source })).blob), [photo]);
    const target = await freshDatabase();
    const cut = text.slice(0, text.lastIndexOf('\n'));
    await expect(stageImport(new Blob([cut]), { db: target })).rejects.toMatchObject({ code: 'bundle.truncated' });
    expect(await target.projects.count()).toBe(0);
    // A version 2 bundle must not hold a files section, nor a version 3 one end without it.
    await expect(stageImport(new Blob([text.replace('"version":3', '"version":2')]), { db: target })).rejects.toMatchObject({ code: 'bundle.corrupt' });
  });
});
