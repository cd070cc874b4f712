// Files through sync (issue 11.5), against the real in-memory CouchDB-compatible server:
// up after the records that name them, only those the server lacks, resumed after a cut;
// down on a second device, every file or only the one opened; a file whose bytes do not
// match its hash refused, the response standing; a server that refuses a file.
//
// putArrivedFile stores into the database opened last (the app has one): each test opens
// the device that receives files last, or makes it current again (file-fixtures `current`).
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PisoServer } from '../../src/server/server.mjs';
import { openDatabase } from '../../src/lib/db/database';
import { getFile } from '../../src/lib/db/files';
import { fileDownload, setFileDownload } from '../../src/lib/db/file-sync';
import { LATEST_VERSION, SCHEMA_HISTORY } from '../../src/lib/db/schema';
import { listQuarantine } from '../../src/lib/db/quarantine';
import { lastBackup } from '../../src/lib/db/backup';
import { sha256Hex } from '../../src/lib/domain/file-hash';
import { CouchClient, type FetchLike } from '../../src/lib/sync/couch-client';
import { SyncError } from '../../src/lib/sync/errors';
import { fileDocId, multipartFileDoc } from '../../src/lib/sync/file-doc';
import { fetchFile } from '../../src/lib/sync/files-down';
import { filePlace } from '../../src/lib/sync/files';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { targetKey } from '../../src/lib/sync/target-meta';
import { current, photo, responseWithPhotos, type Photo } from './file-fixtures';
import { device, flaky, newServerDatabase, startServer } from './sync-fixtures';

type Device = Awaited<ReturnType<typeof device>>;

let server: PisoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A fetch (`inner`) that logs each request as "METHOD path". */
function logged(log: string[], inner: FetchLike = fetch): FetchLike {
  return (url, init) => {
    log.push(`${init?.method ?? 'GET'} ${decodeURIComponent(new URL(url).pathname)}`);
    return inner(url, init);
  };
}

/** A rule of this server's own (validate_doc_update), which the devices cannot know. */
const teamRule = (d: Device, source: string) => d.client.request('PUT', d.client.dbPath('_design/team'), { validate_doc_update: source });

async function dropTeamRule(d: Device): Promise<void> {
  const design = await d.client.request<{ _rev: string }>('GET', d.client.dbPath('_design/team'));
  await d.client.request('DELETE', d.client.dbPath(`_design/team?rev=${design._rev}`));
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
    await teamRule(a, `function (doc) { if (doc.id === '${response.id}') throw({ forbidden: 'not this one' }); }`);
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
    // The second file reaches the server but its answer is lost: the sync stops there.
    const isFilePut = (url: string, method: string) => method === 'PUT' && decodeURIComponent(url).includes('/file:');
    const a = await device(server, name, logged(log, flaky((url, method) => (isFilePut(url, method) && ++puts === 2 ? 'after' : undefined))));
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

/** Device a takes a response with `photos` and syncs it; device b then exists, empty, and is current. */
async function takenOnA(photos: Photo[]) {
  const name = await newServerDatabase(server);
  const a = await device(server, name);
  const response = await responseWithPhotos(a, photos);
  await syncOnce(a.client, a.db);
  const log: string[] = [];
  const b = await device(server, name, logged(log));
  return { name, a, b, log, id: response.id };
}

const place = (d: Device) => filePlace(d.db, targetKey(d.client.url, d.client.database));

describe('files down', () => {
  it('every file: a second device pulls the response and its photo', async () => {
    const p = await photo(20);
    const { b, id } = await takenOnA([p]);
    await setFileDownload('every', b.db);
    const result = await syncOnce(b.client, b.db);
    expect(result.pulled).toBe(1);
    expect(result.files).toMatchObject({ downloaded: 1, damaged: 0, uploaded: 0 });
    expect((await b.db.responses.get(id))?.answers).toMatchObject({ photo0: p.answer });
    const stored = await getFile(p.answer.hash);
    expect(stored).toMatchObject({ type: 'image/jpeg', size: p.answer.size });
    expect(await sha256Hex(await stored!.blob.arrayBuffer())).toBe(p.answer.hash);
    // What came down is known to be there: it does not go up again.
    expect((await syncOnce(b.client, b.db)).files).toMatchObject({ uploaded: 0, downloaded: 0 });
  });

  it('only those opened (the default): the response comes, the photo when it is fetched', async () => {
    const p = await photo(21);
    const { b, log, id } = await takenOnA([p]);
    const result = await syncOnce(b.client, b.db);
    expect(result.files.downloaded).toBe(0);
    expect(await b.db.responses.get(id)).toBeDefined();
    expect(await getFile(p.answer.hash)).toBeUndefined();
    expect(log.filter((entry) => entry.includes('/file:'))).toEqual([]);

    expect(await fetchFile(b.client, b.db, await place(b), p.answer.hash)).toBe('stored');
    expect(await sha256Hex(await (await getFile(p.answer.hash))!.blob.arrayBuffer())).toBe(p.answer.hash);
    expect(await fetchFile(b.client, b.db, await place(b), p.answer.hash)).toBe('present');
  });

  it('a file not on the server yet is absent, and comes once the device that took it syncs', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const p = await photo(22);
    await responseWithPhotos(a, [p]);
    await teamRule(a, "function (doc) { if (doc.kind === 'file') throw({ forbidden: 'files later' }); }");
    await syncOnce(a.client, a.db);
    const b = await device(server, name);
    await setFileDownload('every', b.db);
    expect((await syncOnce(b.client, b.db)).files.downloaded).toBe(0);
    expect(await fetchFile(b.client, b.db, await place(b), p.answer.hash)).toBe('absent');

    await dropTeamRule(a);
    expect((await syncOnce(a.client, a.db)).files.uploaded).toBe(1);
    await current(b.db);
    expect((await syncOnce(b.client, b.db)).files.downloaded).toBe(1);
  });

  it('pulled file documents are not records: none kept aside, none counted', async () => {
    const { b } = await takenOnA([await photo(23), await photo(24)]);
    expect((await syncOnce(b.client, b.db)).pulled).toBe(1);
    expect(await listQuarantine('sync', b.db)).toEqual([]);
  });
});

describe('a file whose bytes do not match its hash', () => {
  it('is refused with the record standing, and not fetched again by sync', async () => {
    const p = await photo(30);
    const name = await newServerDatabase(server);
    // The server holds other bytes under the photo's hash (damaged, or forged).
    await putOnServer(name, p.answer.hash, (await photo(31)).blob);
    const a = await device(server, name);
    const response = await responseWithPhotos(a, [p]);
    await syncOnce(a.client, a.db); // its own photo is not sent: the server has that document
    const log: string[] = [];
    const b = await device(server, name, logged(log));
    await setFileDownload('every', b.db);

    const result = await syncOnce(b.client, b.db);
    expect(result.files).toMatchObject({ downloaded: 0, damaged: 1 });
    expect(await b.db.responses.get(response.id)).toBeDefined();
    expect(await getFile(p.answer.hash)).toBeUndefined();

    log.length = 0;
    expect((await syncOnce(b.client, b.db)).files.damaged).toBe(0);
    expect(log.filter((entry) => entry.includes('/file:'))).toEqual([]);
    // Asked for on screen, it is fetched and refused again.
    expect(await fetchFile(b.client, b.db, await place(b), p.answer.hash)).toBe('mismatch');
    expect(await getFile(p.answer.hash)).toBeUndefined();
  });
});

describe('the server refuses a file', () => {
  it('403: counted, kept here, the device not marked backed up, sent at the next sync', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const p = await photo(40);
    await responseWithPhotos(a, [p]);
    await teamRule(a, "function (doc) { if (doc.kind === 'file') throw({ forbidden: 'no room for files' }); }");
    const result = await syncOnce(a.client, a.db);
    expect(result.pushed).toBe(1);
    expect(result.files).toMatchObject({ uploaded: 0, refused: 1, refusedReason: 'no room for files' });
    expect(await lastBackup(a.db)).toBeNull();

    await dropTeamRule(a);
    expect((await syncOnce(a.client, a.db)).files).toMatchObject({ uploaded: 1, refused: 0 });
    expect(await serverBytes(name, p.answer.hash)).toBe(p.answer.hash);
    expect(await lastBackup(a.db)).not.toBeNull();
  });

  it('413 (too large for a proxy before it): counted, the other files still go up', async () => {
    const name = await newServerDatabase(server);
    const [small, large] = [await photo(42, 10_000), await photo(43, 90_000)];
    // A proxy in front of the server that takes request bodies of 50 kB at most.
    const proxy: FetchLike = async (url, init) =>
      init?.body instanceof Blob && init.body.size > 50_000 ? new Response('{"error":"too_large"}', { status: 413 }) : fetch(url, init);
    const a = await device(server, name, proxy);
    await responseWithPhotos(a, [large, small]);
    expect((await syncOnce(a.client, a.db)).files).toMatchObject({ uploaded: 1, refused: 1, refusedReason: 'too_large' });
    expect(await serverBytes(name, small.answer.hash)).toBe(small.answer.hash);
    expect(await serverBytes(name, large.answer.hash)).toBe(404);
  });

  it('401: the sync fails as "sign in again", nothing lost, sent at the next sync', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const p = await photo(41);
    await responseWithPhotos(a, [p]);
    await teamRule(a, "function (doc) { if (doc.kind === 'file') throw({ unauthorized: 'session ended' }); }");
    expect(await codeOf(syncOnce(a.client, a.db))).toBe('sync.unauthorized');
    expect(await getFile(p.answer.hash)).toBeDefined();

    await dropTeamRule(a);
    expect((await syncOnce(a.client, a.db)).files.uploaded).toBe(1);
  });
});

describe('schema version 7', () => {
  it('adds what the device knows of servers\' files to a version 5 database, its files kept, the download setting at its default', async () => {
    const name = `file-sync-v5-${Date.now()}`;
    const old = new Dexie(name);
    for (const { version, stores } of SCHEMA_HISTORY.filter((entry) => entry.version <= 5)) old.version(version).stores(stores);
    await old.open();
    const p = await photo(60);
    await old.table('files').add({ hash: p.answer.hash, blob: p.blob, type: 'image/jpeg', size: p.answer.size, storedAt: '2026-11-30T10:00:00.000Z' });
    old.close();

    const db = await openDatabase(name);
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.files.get(p.answer.hash)).toMatchObject({ size: p.answer.size, storedAt: '2026-11-30T10:00:00.000Z' });
    expect(await db.serverFiles.count()).toBe(0);
    expect(await fileDownload(db)).toBe('opened');
    db.close();
  });
});
