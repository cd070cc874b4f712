// What goes wrong between a device and the server: a cut connection (resumed with no
// loss and no duplicate), a record the server's validate_doc_update refuses, and the
// classified errors the interface translates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../sync-server/server.mjs';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { pull } from '../../src/lib/sync/pull';
import { targetKey } from '../../src/lib/sync/target-meta';
import { CouchClient, type FetchLike } from '../../src/lib/sync/couch-client';
import { installValidation } from '../../src/lib/sync/validate-doc-update';
import { SyncError } from '../../src/lib/sync/errors';
import { projectData } from './bundle-fixtures';
import { device, dirtyCount, newServerDatabase, replicas, serverReplicas, startServer } from './sync-fixtures';

let server: SyncServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A fetch that loses the connection on the request `cut` picks: before it is sent, or after the server handled it. */
function flaky(cut: (url: string, method: string) => 'before' | 'after' | undefined) {
  let armed = true;
  const wrapped: FetchLike = async (url, init) => {
    const when = armed ? cut(url, init?.method ?? 'GET') : undefined;
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
  return wrapped;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof SyncError ? e.code : String(e)),
  );

describe('a cut connection', () => {
  it('in the middle of a push: the next sync finishes it, nothing lost or doubled', async () => {
    const name = await newServerDatabase(server);
    let bulks = 0;
    // The second _bulk_docs reaches the server but its answer is lost.
    const a = await device(server, name, flaky((url) => (url.includes('_bulk_docs') && ++bulks === 2 ? 'after' : undefined)));
    for (let i = 0; i < 700; i++) await a.repos.projects.create(projectData(`P-${i}`));
    expect(await codeOf(syncOnce(a.client, a.db))).toBe('sync.unreachable');
    expect(await dirtyCount(a.db)).toBe(200); // the first batch of 500 is marked pushed

    await syncOnce(a.client, a.db); // conflicts with what already arrived: merged, nothing re-sent
    expect(await dirtyCount(a.db)).toBe(0);
    expect(await serverReplicas(server, name)).toEqual(await replicas(a.db));
  }, 20_000); // 700 records created one transaction each: seconds in fake-indexeddb on a busy machine

  it('in the middle of a pull: the next pull resumes after the last stored page', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    for (let i = 0; i < 10; i++) await a.repos.projects.create(projectData(`P-${i}`));
    await syncOnce(a.client, a.db);

    let pages = 0;
    const b = await device(server, name, flaky((url) => (url.includes('_changes') && ++pages === 3 ? 'before' : undefined)));
    const target = targetKey(b.client.url, b.client.database);
    expect(await codeOf(pull(b.client, b.db, target, 4))).toBe('sync.unreachable');
    expect(await b.db.projects.count()).toBe(8);
    expect(await pull(b.client, b.db, target, 4)).toBe(2);
    expect(await replicas(b.db)).toEqual(await replicas(a.db));
  });
});

describe('the server refuses', () => {
  it('a malformed record (validate_doc_update), reports it, and does not retry it until edited', async () => {
    const name = await newServerDatabase(server);
    let bulks = 0;
    const counting: FetchLike = (url, init) => {
      if (url.includes('_bulk_docs')) bulks++;
      return fetch(url, init);
    };
    const a = await device(server, name, counting);
    await installValidation(a.client);
    const good = await a.repos.projects.create(projectData('P-1'));
    const bad = await a.repos.projects.create(projectData('P-2'));
    await a.db.transaction('rw', a.db.projects, a.db.meta, () => a.db.projects.update(bad.id, { fieldHlc: { code: 42 } as never }));

    const result = await syncOnce(a.client, a.db);
    expect(result.refused).toEqual([expect.objectContaining({ id: bad.id, kind: 'project', reason: 'fieldHlc.code must be a non-empty string' })]);
    expect((await a.db.projects.get(good.id))?.dirty).toBe(0);
    expect((await a.db.projects.get(bad.id))?.dirty).toBe(1);

    bulks = 0;
    expect((await syncOnce(a.client, a.db)).refused).toHaveLength(1);
    expect(bulks).toBe(0);
  });

  it('with classified errors: no database, unreachable, unauthorized, forbidden', async () => {
    const own = await startServer();
    try {
      const missing = new CouchClient({ url: own.url, database: 'nothing-here' });
      const a = await device(own, 'nothing-here');
      expect(await codeOf(syncOnce(missing, a.db))).toBe('sync.noDatabase');
      const nowhere = new CouchClient({ url: 'http://127.0.0.1:9', database: 'piso' });
      expect(await codeOf(syncOnce(nowhere, a.db))).toBe('sync.unreachable');

      // An admin, two users, and a database only one of them may use. Only authenticated
      // requests from here on (see pouchdb-server #374).
      await fetch(`${own.url}/_config/admins/admin`, { method: 'PUT', body: JSON.stringify('secret') });
      const admin = new CouchClient({ url: own.url, database: 'team' });
      await admin.signIn('admin', 'secret');
      await admin.request('PUT', '/team');
      for (const user of ['ana', 'bob']) {
        await admin.request('PUT', `/_users/org.couchdb.user:${user}`, { name: user, password: 'pw', roles: [], type: 'user' });
      }
      await admin.request('PUT', '/team/_security', { admins: { names: [], roles: [] }, members: { names: ['ana'], roles: [] } });

      const ana = new CouchClient({ url: own.url, database: 'team' });
      expect(await codeOf(ana.signIn('ana', 'wrong'))).toBe('sync.unauthorized');
      expect(await codeOf(syncOnce(ana, a.db))).toBe('sync.unauthorized');
      expect((await ana.signIn('ana', 'pw')).name).toBe('ana');
      expect((await ana.session()).name).toBe('ana');
      await a.repos.projects.create(projectData('P-1'));
      expect((await syncOnce(ana, a.db)).pushed).toBe(1);
      await ana.signOut();
      expect(await codeOf(syncOnce(ana, a.db))).toBe('sync.unauthorized');

      const bob = new CouchClient({ url: own.url, database: 'team' });
      await bob.signIn('bob', 'pw');
      expect(await codeOf(syncOnce(bob, a.db))).toBe('sync.forbidden');
    } finally {
      await own.close();
    }
  });
});
