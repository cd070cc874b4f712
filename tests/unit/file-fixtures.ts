// Shared by the file sync tests: "photos" (bytes and the answer naming them) and a
// response naming them, stored on a device as capture stores them.
import { expect } from 'vitest';
import { openDatabase, type PisoDatabase } from '../../src/lib/db/database';
import { putArrivedFile } from '../../src/lib/db/files';
import type { Repository } from '../../src/lib/db/repository';
import { sha256Hex } from '../../src/lib/domain/file-hash';
import type { FileAnswer, SurveyResponse } from '../../src/lib/domain/types';
import { responseData } from './bundle-fixtures';

export interface Photo {
  blob: Blob;
  answer: FileAnswer;
}

/** A "photo": bytes that differ with `seed`, of `size` bytes. */
export async function photo(seed: number, size = 40_000): Promise<Photo> {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed * 7) % 256);
  const blob = new Blob([bytes], { type: 'image/jpeg' });
  return { blob, answer: { hash: await sha256Hex(bytes), name: `${seed}.jpg`, type: 'image/jpeg', size } };
}

/** A finalized response naming `photos` (one question each), the files stored on the device as capture stores them. */
export async function responseWithPhotos(d: { db: PisoDatabase; repos: { responses: Repository<SurveyResponse> } }, photos: Photo[]) {
  await current(d.db);
  for (const p of photos) expect(await putArrivedFile(p.answer.hash, p.blob, new Date().toISOString())).not.toBe('mismatch');
  const data = responseData('coverage', null);
  photos.forEach((p, i) => (data.answers[`photo${i}`] = p.answer));
  return d.repos.responses.create(data);
}

/** Makes `db` the database that putArrivedFile and getFile use. */
export async function current(db: PisoDatabase): Promise<void> {
  await openDatabase(db.name);
}
