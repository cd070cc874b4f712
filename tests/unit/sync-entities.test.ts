// Entities through sync, against the real in-memory CouchDB-compatible server: a worker
// followed up offline on two devices keeps what each visit set and both visits; one
// property set on both is settled by clock, the same on every device; a malformed entity
// from the server is kept aside with a reason the screens can say.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPisoServer, type PisoServer } from '../../src/server/server.mjs';
import { setUpServer } from '../../src/server/setup-server.mjs';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { listQuarantine } from '../../src/lib/db/quarantine';
import { refusalText, type Translate } from '../../src/lib/i18n/refusal';
import { serverRefusalProblem } from '../../src/lib/i18n/server-refusal';
import type { Entity } from '../../src/lib/domain/types';
import { followUpUnknown, registerEntity, repos, visitEntity } from './bundle-fixtures';
import { device, newServerDatabase, replicas, serverReplicas, startServer } from './sync-fixtures';

type Device = Awaited<ReturnType<typeof device>>;

const ID = 'workers:w-1';
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

let server: PisoServer;
let t: Translate;
beforeAll(async () => {
  server = await startServer();
  const root = join(import.meta.dirname, '../../locales/es');
  const instance = i18next.createInstance();
  await instance.init({ lng: 'es', resources: {}, interpolation: { escapeValue: false } });
  for (const file of readdirSync(root)) instance.addResourceBundle('es', 'translation', JSON.parse(readFileSync(join(root, file), 'utf8')), true, true);
  t = (key, params) => instance.t(key, params ?? {}) as string;
});
afterAll(() => server.close());

const entityOf = async (d: Device) => (await d.db.entities.get(ID)) as unknown as Entity;

/** A worker registered on a, synced to b. */
async function twoDevicesWithOneWorker() {
  const name = await newServerDatabase(server);
  const a = await device(server, name);
  const b = await device(server, name);
  await registerEntity(a.db, 'workers', 'w-1', 'Rosa Pérez', { department: 'SV-SS', status: 'informal', isss: 'no' }, { formId: 'registration' });
  expect(await syncOnce(a.client, a.db)).toMatchObject({ pushed: 1 });
  await syncOnce(b.client, b.db);
  expect(await entityOf(b)).toMatchObject({ label: 'Rosa Pérez', list: 'workers', entityId: 'w-1' });
  return { name, a, b };
}

describe('sync of entities', () => {
  it('keeps what each device set offline, and both visits', async () => {
    const { name, a, b } = await twoDevicesWithOneWorker();
    await visitEntity(a.db, ID, { status: 'formal' }, { formId: 'follow-up', by: 'Ana' });
    await visitEntity(b.db, ID, { isss: 'yes' }, { formId: 'follow-up', by: 'Luis' });

    await syncOnce(a.client, a.db);
    await syncOnce(b.client, b.db); // conflict: fetch, merge, push again
    await syncOnce(a.client, a.db);

    for (const d of [a, b]) {
      const merged = await entityOf(d);
      expect(merged.properties).toEqual({ department: 'SV-SS', isss: 'yes', status: 'formal' });
      expect(merged.visits.map((v) => [v.action, v.by, v.set])).toEqual([
        ['create', 'María', { label: 'Rosa Pérez', department: 'SV-SS', status: 'informal', isss: 'no' }],
        ['update', 'Ana', { status: 'formal' }],
        ['update', 'Luis', { isss: 'yes' }],
      ]);
    }
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
    expect(await serverReplicas(server, name)).toEqual(await replicas(a.db));
    expect(await syncOnce(b.client, b.db)).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it('settles one property set on both by the later visit, the same on both devices', async () => {
    const { a, b } = await twoDevicesWithOneWorker();
    await visitEntity(a.db, ID, { status: 'unemployed' }, { formId: 'follow-up', by: 'Ana' });
    await pause();
    await visitEntity(b.db, ID, { status: 'formal' }, { formId: 'follow-up', by: 'Luis' });
    // b syncs first this time: the earlier visit arrives second and still loses.
    for (const d of [b, a, b]) await syncOnce(d.client, d.db);
    for (const d of [a, b]) {
      const merged = await entityOf(d);
      expect(merged.properties.status).toBe('formal');
      expect(merged.visits.map((v) => v.by)).toEqual(['María', 'Ana', 'Luis']);
    }
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
  });

  it('merges a follow-up that reached the server before its registration, when the registration comes', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    const b = await device(server, name);
    // Registered on a, not yet synced; b follows the worker up (from a list it got otherwise) and syncs first.
    await registerEntity(a.db, 'workers', 'w-1', 'Rosa Pérez', { department: 'SV-SS', status: 'informal' }, { formId: 'registration' });
    await pause();
    await followUpUnknown(b.db, 'workers', 'w-1', { status: 'formal' }, { formId: 'follow-up', by: 'Luis' });
    for (const d of [b, a, b]) await syncOnce(d.client, d.db);
    for (const d of [a, b]) {
      const merged = await entityOf(d);
      expect(merged).toMatchObject({ label: 'Rosa Pérez', deleted: false, properties: { department: 'SV-SS', status: 'formal' } });
      expect(merged.visits.map((v) => [v.action, v.by])).toEqual([
        ['create', 'María'],
        ['update', 'Luis'],
      ]);
    }
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
  });

  it('keeps a malformed entity from the server aside, with a reason in words, and stores the rest', async () => {
    const { name, b } = await twoDevicesWithOneWorker();
    const doc = (await (await fetch(`${server.url}/${name}/${encodeURIComponent(ID)}`)).json()) as Record<string, unknown>;
    const { _rev, ...fields } = doc;
    void _rev;
    const visits = doc.visits as Record<string, unknown>[];
    const put = (id: string, body: Record<string, unknown>) =>
      fetch(`${server.url}/${name}/${encodeURIComponent(id)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, _id: id, id }) });
    // Posing as another list's entity; a visit that deletes; a property past the limit.
    expect((await put('households:w-1', { ...fields })).ok).toBe(true);
    expect((await put('workers:w-2', { ...fields, entityId: 'w-2', visits: [{ ...visits[0], action: 'delete' }] })).ok).toBe(true);
    expect((await put('workers:w-3', { ...fields, entityId: 'w-3', properties: { notes: 'x'.repeat(200_000) } })).ok).toBe(true);
    expect((await put('workers:w-4', { ...fields, entityId: 'w-4', label: 'Awa Diop' })).ok).toBe(true);

    await syncOnce(b.client, b.db);
    const kept = await listQuarantine('sync', b.db);
    expect(kept.map((entry) => [entry.recordId, entry.kind, entry.reason, entry.field]).sort()).toEqual([
      ['households:w-1', 'entity', 'badFormat', 'id'],
      ['workers:w-2', 'entity', 'unknownValue', 'visits/0/action'],
      ['workers:w-3', 'entity', 'tooLong', 'properties/notes'],
    ]);
    const posing = kept.find((entry) => entry.recordId === 'households:w-1')!;
    expect(refusalText(t, 'es', posing)).toBe('Caso «Rosa Pérez» (households:w-1): el campo «id» no tiene el formato esperado.');
    expect(await b.db.entities.get('households:w-1')).toBeUndefined();
    expect(await b.db.entities.get('workers:w-4')).toMatchObject({ label: 'Awa Diop' });
    // Nothing refused is sent back up; the next sync keeps nothing twice.
    expect(await syncOnce(b.client, b.db)).toMatchObject({ pushed: 0, pulled: 0 });
    expect(await b.db.quarantine.count()).toBe(3);
  });

  it('lets an enumerator register and follow up anyone\'s entity; a deletion of theirs is refused, in words', async () => {
    const admin = { user: 'boss', password: 'boss-secret' };
    const own = await startPisoServer({ memory: true, port: 0, adminUser: admin.user, adminPassword: admin.password });
    try {
      const users = [
        { name: 'ana', role: 'enumerator', password: 'ana-pw' },
        { name: 'sue', role: 'supervisor', password: 'sue-pw' },
      ];
      await setUpServer({ url: own.url, database: 'team', users, admin, log: () => {} });
      const sue = await device(own, 'team');
      const ana = await device(own, 'team');
      await sue.client.signIn('sue', 'sue-pw');
      await ana.client.signIn('ana', 'ana-pw');
      await registerEntity(sue.db, 'workers', 'w-1', 'Rosa Pérez', { status: 'informal' }, { formId: 'registration', by: 'sue' });
      const other = await registerEntity(sue.db, 'workers', 'w-2', 'Luis Gómez', { status: 'informal' }, { formId: 'registration', by: 'sue' });
      await syncOnce(sue.client, sue.db);
      await syncOnce(ana.client, ana.db);

      await visitEntity(ana.db, ID, { status: 'formal' }, { formId: 'follow-up', by: 'ana' });
      const mine = await registerEntity(ana.db, 'workers', 'w-3', 'Awa Diop', { status: 'formal' }, { formId: 'registration', by: 'ana' });
      await repos(ana.db).entities.remove(other.id);
      const result = await syncOnce(ana.client, ana.db);
      expect(result.refused).toEqual([expect.objectContaining({ id: other.id, kind: 'entity' })]);
      expect(serverRefusalProblem(t, result.refused[0])).toBe('un encuestador no puede eliminar un caso: lo hace un supervisor');

      await syncOnce(sue.client, sue.db);
      expect(await entityOf(sue)).toMatchObject({ properties: { status: 'formal' } });
      expect(await sue.db.entities.get(mine.id)).toMatchObject({ label: 'Awa Diop' });
      expect(await sue.db.entities.get(other.id)).toMatchObject({ deleted: false });
      // A supervisor deletes it; the deletion reaches the enumerator's device.
      await repos(sue.db).entities.remove(mine.id);
      expect((await syncOnce(sue.client, sue.db)).refused).toEqual([]);
      await syncOnce(ana.client, ana.db);
      expect(await ana.db.entities.get(mine.id)).toMatchObject({ deleted: true });
    } finally {
      await own.close();
    }
  });
});
