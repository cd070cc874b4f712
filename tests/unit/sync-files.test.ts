// Files through sync (issue 11.5), against the real in-memory CouchDB-compatible server:
// up after the records that name them, only those the server lacks, resumed after a cut;
// down on a second device, every file or only the one opened; a file whose bytes do not
// match its hash refused, the response standing; a server that refuses a file.
//
// putArrivedFile stores into the database opened last (the app has one): each test opens
// the device that receives files last, or makes it current again (`current`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../sync-server/server.mjs';
import { openDatabase, type PisoDatabase } from '../../src/lib/db/database';
import { getFile, putArrivedFile } from '../../src/lib/db/files';
import { setFileDownload } from '../../src/lib/db/file-sync';
import { listQuarantine } from '../../src/lib/db/quarantine';
import { lastBackup } from '../../src/lib/db/backup';
import { sha256Hex } from '../../src/lib/domain/file-hash';
import type { FileAnswer } from '../../src/lib/domain/types';
import { CouchClient, type FetchLike } from '../../src/lib/sync/couch-client';
import { SyncError } from '../../src/lib/sync/errors';
import { fileDocId, multipartFileDoc } from '../../src/lib/sync/file-doc';
import { fetchFile } from '../../src/lib/sync/files-down';
import { filePlace } from '../../src/lib/sync/files';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { targetKey } from '../../src/lib/sync/target-meta';
import { installValidation } from '../../src/lib/sync/validate-doc-update';
import { responseData } from './bundle-fixtures';
import { device, newServerDatabase, startServer } from './sync-fixtures';

type Device = Awaited<ReturnType<typeof device>>;

let server: SyncServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A "photo": bytes that differ with `seed`, of `size` bytes. */
async function photo(seed: number, size = 40_000): Promise<{ blob: Blob; answer: FileAnswer }> {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed * 7) % 256);
  const blob = new Blob([bytes], { type: 'image/jpeg' });
  return { blob, answer: { hash: await sha256Hex(bytes), name: `${seed}.jpg`, type: 'image/jpeg', size } };
}

/** A finalized response naming `photos` (one question each), the files stored on the device as capture stores them. */
async function responseWithPhotos(d: Device, photos: { blob: Blob; answer: FileAnswer }[]) {
  await current(d.db);
  for (const p of photos) expect(await putArrivedFile(p.answer.hash, p.blob, new Date().toISOString())).not.toBe('mismatch');
  const data = responseData('coverage', null);
  photos.forEach((p, i) => (data.answers[`photo${i}`] = p.answer));
  return d.repos.responses.create(data);
}

/** Makes `db` the database that putArrivedFile and getFile use. */
async function current(db: PisoDatabase): Promise<void> {
  await openDatabase(db.name);
}

/** A fetch that logs each request as "METHOD path" (and lets `cut` lose one connection). */
function logged(log: string[], cut?: (entry: string) => 'before' | 'after' | undefined): FetchLike {
  let armed = true;
  return async (url, init) => {
    const entry = `${init?.method ?? 'GET'} ${decodeURIComponent(new URL(url).pathname)}`;
    log.push(entry);
    const when = armed && cut ? cut(entry) : undefined;
    if (when === 'before') {
      armed = false;
      throw new TypeError('connection cut before the request');
    }
    const response = await fetch(url, init);
    if (when === 'after') {
      armed = false;
      throw new TypeError('connection cut before the answer');
    }
    return response;
  };
}

const filePuts = (log: string[]) => log.filter((entry) => entry.startsWith('PUT ') && entry.includes('/file:'));

async function serverBytes(name: string, hash: string): Promise<string | number> {
  const response = await fetch(`${server.url}/${name}/${encodeURIComponent(fileDocId(hash))}/data`);
  return response.ok ? sha256Hex(await response.arrayBuffer()) : response.status;
}

/** Puts a file document on the server as another device would, whatever its bytes. */
async function putOnServer(name: string, hash: string, blob: Blob): Promise<void> {
  const body = multipartFileDoc(hash, blob, blob.type);
  const response = await fetch(`${server.url}/${name}/${encodeURIComponent(fileDocId(hash))}`, {
    method: 'PUT',
    headers: { 'content-type': body.type },
    body: body.data,
  });
  expect(response.status).toBe(201);
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof SyncError ? e.code : String(e)),
  );

describe('files up', () => {
  it('go after the records that name them, only those the server lacks, once', async () => {
    const name = await newServerDatabase(server);
    const [first, second, third] = await Promise.all([photo(1), photo(2), photo(3)]);
    await putOnServer(name, second.answer.hash, second.blob); // another device sent it already
    const log: string[] = [];
    const a = await device(server, name, logged(log));
    await responseWithPhotos(a, [first, second]);
    await responseWithPhotos(a, [third, first]); // the same photo named twice: one file

    const result = await syncOnce(a.client, a.db);
    expect(result.files).toMatchObject({ uploaded: 2, refused: 0 });
    expect(filePuts(log).sort()).toEqual([`PUT /${name}/file:${first.answer.hash}`, `PUT /${name}/file:${third.answer.hash}`].sort());
    // Records first: the _bulk_docs that carried the responses came before any file.
    expect(log.findIndex((entry) => entry.endsWith('/_bulk_docs'))).toBeLessThan(log.indexOf(filePuts(log)[0]));
    for (const p of [first, second, third]) expect(await serverBytes(name, p.answer.hash)).toBe(p.answer.hash);

    // Known to be there now: the next sync neither asks nor sends.
    log.length = 0;
    expect((await syncOnce(a.client, a.db)).files.uploaded).toBe(0);
    expect(log.filter((entry) => entry.includes('/file:') || entry.endsWith('/_all_docs'))).toEqual([]);
  });

  it('wait while the response naming them waits to go up', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const p = await photo(4);
    const response = await responseWithPhotos(a, [p]);
    // A rule of this server's: this response is refused, so its photo has nothing to belong to there.
    await a.client.request('PUT', a.client.dbPath('_design/team'), {
      validate_doc_update: `function (doc) { if (doc.id === '${response.id}') throw({ forbidden: 'not this one' }); }`,
    });
    const result = await syncOnce(a.client, a.db);
    expect(result.refused).toHaveLength(1);
    expect(result.files.uploaded).toBe(0);
    expect(await serverBytes(name, p.answer.hash)).toBe(404);
  });

  it('resume after a cut with the files not yet confirmed, none sent twice', async () => {
    const name = await newServerDatabase(server);
    const photos = await Promise.all([1, 2, 3, 4, 5].map((seed) => photo(10 + seed)));
    const log: string[] = [];
    let puts = 0;
    // The second file reaches the server but its answer is lost; the connection then stays down.
    let down = false;
    const a = await device(
      server,
      name,
      logged(log, (entry) => {
        if (down) return 'before';
        if (entry.startsWith('PUT ') && entry.includes('/file:') && ++puts === 2) return (down = true), 'after';
        return undefined;
      }),
    );
    await responseWithPhotos(a, photos);
    expect(await codeOf(syncOnce(a.client, a.db))).toBe('sync.unreachable');
    const sentBeforeCut = filePuts(log);
    expect(sentBeforeCut).toHaveLength(2);

    // Back online (a new connection), the sync resumes.
    const again: string[] = [];
    const result = await syncOnce(new CouchClient({ url: server.url, database: name, fetch: logged(again) }), a.db);
    expect(result.files.uploaded).toBe(3);
    // Neither the confirmed file nor the one whose answer was lost went up again.
    expect(filePuts(again)).toHaveLength(3);
    expect(filePuts(again).filter((entry) => sentBeforeCut.includes(entry))).toEqual([]);
    for (const p of photos) expect(await serverBytes(name, p.answer.hash)).toBe(p.answer.hash);
  });
});
