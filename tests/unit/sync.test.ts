// Push and pull against a real in-memory CouchDB-compatible server (express-pouchdb):
// no mocked HTTP. Two or three fresh device databases per test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PisoServer } from '../../src/server/server.mjs';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { pull } from '../../src/lib/sync/pull';
import { push } from '../../src/lib/sync/push';
import { currentSeq } from '../../src/lib/db';
import { targetKey } from '../../src/lib/sync/target-meta';
import { projectData } from './bundle-fixtures';
import { device, dirtyCount, newServerDatabase, replicas, serverReplicas, startServer } from './sync-fixtures';

let server: PisoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('sync', () => {
  it('pushes every record, tombstones included, and pulls them into a fresh device', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const kept = await a.repos.projects.create(projectData('P-1'));
    const gone = await a.repos.projects.create(projectData('P-2'));
    await a.repos.projects.remove(gone.id);
    const first = await syncOnce(a.client, a.db);
    expect(first.pushed).toBe(2);
    expect(await dirtyCount(a.db)).toBe(0);

    const b = await device(server, name);
    const pulled = await syncOnce(b.client, b.db);
    expect(pulled.pulled).toBe(2);
    expect(await replicas(b.db)).toEqual(await replicas(a.db));
    expect(await serverReplicas(server, name)).toEqual(await replicas(a.db));
    expect((await b.db.projects.get(gone.id))?.deleted).toBe(true);
    expect((await b.db.projects.get(kept.id))?.dirty).toBe(0);
    // Nothing left to do on either side.
    expect(await syncOnce(a.client, a.db)).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it('push is bookkeeping: the records it sends keep their change numbers', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const project = await a.repos.projects.create(projectData('P-1'));
    const before = await currentSeq(a.db);
    await push(a.client, a.db, 'push-seq');
    expect(await a.db.projects.get(project.id)).toMatchObject({ dirty: 0, seq: project.seq });
    expect(await currentSeq(a.db)).toBe(before);
  });

  it('keeps both edits when two devices change different fields offline (a conflict merged)', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const b = await device(server, name);
    const project = await a.repos.projects.create(projectData('P-1', 'Antes'));
    await syncOnce(a.client, a.db);
    await syncOnce(b.client, b.db);

    await a.repos.projects.update(project.id, { title: { es: 'Título nuevo' } });
    await b.repos.projects.update(project.id, { budget: { amount: 999, currency: 'USD' } });
    await syncOnce(a.client, a.db);
    await syncOnce(b.client, b.db); // conflict: fetch, merge, push again
    await syncOnce(a.client, a.db);

    for (const db of [a.db, b.db]) {
      const merged = await db.projects.get(project.id);
      expect(merged?.title.es).toBe('Título nuevo');
      expect(merged?.budget?.amount).toBe(999);
    }
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
    expect(await serverReplicas(server, name)).toEqual(await replicas(a.db));
  });

  it('lets the later edit of one field win everywhere, and a deletion travel beside an edit', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const b = await device(server, name);
    const project = await a.repos.projects.create(projectData('P-1'));
    await syncOnce(a.client, a.db);
    await syncOnce(b.client, b.db);

    await a.repos.projects.update(project.id, { region: 'first' });
    // Later by the clock: two edits in the same millisecond are concurrent, and the tie
    // goes to the greater device id, not to the one made second.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await b.repos.projects.update(project.id, { region: 'later' });
    await b.repos.projects.remove(project.id);
    await a.repos.projects.update(project.id, { funding: 'edited while deleted elsewhere' });
    await syncOnce(b.client, b.db);
    await syncOnce(a.client, a.db);
    await syncOnce(b.client, b.db);

    for (const db of [a.db, b.db]) {
      const merged = await db.projects.get(project.id);
      expect(merged).toMatchObject({ region: 'later', funding: 'edited while deleted elsewhere', deleted: true });
    }
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
  });

  it('changes nothing when a page is pulled again', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    for (let i = 0; i < 5; i++) await a.repos.projects.create(projectData(`P-${i}`));
    await syncOnce(a.client, a.db);
    const b = await device(server, name);
    await syncOnce(b.client, b.db);
    const before = await replicas(b.db);
    const target = targetKey(b.client.url, b.client.database);

    await b.db.meta.delete(`sync.checkpoint|${target}`);
    expect(await pull(b.client, b.db, target, 2)).toBe(0);
    expect(await replicas(b.db)).toEqual(before);
    expect(await dirtyCount(b.db)).toBe(0);
  });

  it('pushes everything again to a server that restarted empty', async () => {
    const own = await startServer();
    const port = Number(new URL(own.url).port);
    const name = await newServerDatabase(own);
    const a = await device(own, name);
    for (let i = 0; i < 3; i++) await a.repos.projects.create(projectData(`P-${i}`));
    await syncOnce(a.client, a.db);
    await own.close();

    const restarted = await startServer(port);
    try {
      await fetch(`${restarted.url}/${name}`, { method: 'PUT' });
      const result = await syncOnce(a.client, a.db);
      expect(result).toMatchObject({ reset: true, pushed: 3 });
      expect(await serverReplicas(restarted, name)).toEqual(await replicas(a.db));
      expect(await syncOnce(a.client, a.db)).toMatchObject({ reset: false, pushed: 0 });
    } finally {
      await restarted.close();
    }
  });
});
