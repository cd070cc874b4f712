// Entities by bundle (format version 4): registered on one device, followed up on two,
// they travel and merge per property, keeping every visit; project and form bundles
// carry their own; older bundles (no counts.entity) still import.
import { describe, expect, it } from 'vitest';
import { BundleError, commitImport, exportBundle, markDelivered, previewImport, readBundle, type ExportScope } from '../../src/lib/bundle';
import type { PisoDatabase } from '../../src/lib/db/database';
import type { Entity } from '../../src/lib/domain/types';
import { blobText, dumpRecords, formData, freshDatabase, populate, registerEntity, repos, visitEntity } from './bundle-fixtures';
import { toVersion3 } from './bundle-v3';

const ID = 'workers:w-1';
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

const bundleOf = async (db: PisoDatabase, scope: ExportScope = { type: 'all' }) => readBundle((await exportBundle(scope, { db })).blob);
const entityOf = async (db: PisoDatabase, id = ID) => (await db.entities.get(id)) as unknown as Entity;
const idsOf = async (db: PisoDatabase, scope: ExportScope) => (await bundleOf(db, scope)).records.filter((r) => r.kind === 'entity').map((r) => r.id).sort();

async function editHeader(text: string, edit: (header: { version: number; manifest: Record<string, Record<string, unknown>> }) => void): Promise<Blob> {
  const lines = text.split('\n');
  const header = JSON.parse(lines[0] + ']}');
  edit(header);
  lines[0] = JSON.stringify(header).replace(/\]\}$/, '');
  return new Blob([lines.join('\n')]);
}

const importError = async (file: Blob, db: PisoDatabase) => {
  try {
    await commitImport(await readBundle(file), { db });
  } catch (e) {
    if (e instanceof BundleError) return { code: e.code, params: e.params };
    throw e;
  }
};

describe('entities by bundle', () => {
  it('merge per property after follow-ups on two devices, keeping every visit, in either order', async () => {
    const a = await freshDatabase();
    await registerEntity(a, 'workers', 'w-1', 'Rosa Pérez', { department: 'SV-SS', status: 'informal', phone: '7000-0000' }, { formId: 'registration' });
    const b = await freshDatabase();
    const first = await bundleOf(a);
    expect(first.manifest.counts.entity).toBe(1);
    expect((await previewImport(first, { db: b })).entity).toEqual({ new: 1, updated: 0, unchanged: 0, deleted: 0 });
    await commitImport(first, { db: b });

    // Offline, each follows the worker up: different properties, and the phone on both.
    await visitEntity(a, ID, { status: 'formal', phone: '7111-1111' }, { formId: 'follow-up', by: 'Ana' });
    await pause();
    await visitEntity(b, ID, { department: 'SV-MO', phone: '7222-2222' }, { formId: 'follow-up', by: 'Luis' });
    const fromA = await bundleOf(a);
    const fromB = await bundleOf(b);

    expect((await previewImport(fromA, { db: b })).entity).toEqual({ new: 0, updated: 1, unchanged: 0, deleted: 0 });
    await commitImport(fromA, { db: b });
    await commitImport(fromB, { db: a });
    for (const db of [a, b]) {
      const merged = await entityOf(db);
      // Both properties kept; the phone set on both is the later visit's, on both devices.
      expect(merged.properties).toEqual({ department: 'SV-MO', phone: '7222-2222', status: 'formal' });
      expect(merged.label).toBe('Rosa Pérez');
      expect(merged.visits.map((v) => [v.action, v.by])).toEqual([
        ['create', 'María'],
        ['update', 'Ana'],
        ['update', 'Luis'],
      ]);
    }
    expect(await dumpRecords(a)).toBe(await dumpRecords(b));
    // Imported again: nothing changes.
    const before = await dumpRecords(b);
    expect((await commitImport(fromA, { db: b })).entity).toEqual({ new: 0, updated: 0, unchanged: 1, deleted: 0 });
    expect(await dumpRecords(b)).toBe(before);
  });

  it('refuses a malformed entity alone, named, and imports the rest', async () => {
    const source = await freshDatabase();
    await populate(source);
    const good = await registerEntity(source, 'workers', 'w-1', 'Rosa', { status: 'informal' }, { formId: 'coverage' });
    // An entity whose id names another list than its own.
    const posing = await registerEntity(source, 'workers', 'w-2', 'Luis', {}, { formId: 'coverage' });
    await source.transaction('rw', source.entities, source.meta, async () => {
      await source.entities.delete(posing.id);
      await source.entities.put({ ...posing, id: 'households:w-2' } as never);
    });
    const target = await freshDatabase();
    const done = await commitImport(await bundleOf(source), { db: target });
    expect(done.refused).toEqual([expect.objectContaining({ kind: 'entity', recordId: 'households:w-2' })]);
    expect(done.entity.new).toBe(1);
    expect(await entityOf(target, good.id)).toMatchObject({ label: 'Rosa' });
    expect(await target.entities.get('households:w-2')).toBeUndefined();
  });
});

describe('entities in bundle scopes', () => {
  async function withEntities() {
    const db = await freshDatabase();
    const made = await populate(db);
    // Registered by the project's form; by another project's form; by another's, then followed up by the project's.
    const ours = await registerEntity(db, 'workers', 'w-1', 'Rosa', { status: 'informal' }, { formId: 'coverage' });
    const theirs = await registerEntity(db, 'workers', 'w-2', 'Awa', { status: 'formal' }, { formId: 'other-form' });
    const shared = await registerEntity(db, 'households', 'h-1', 'Casa 1', { size: '4' }, { formId: 'other-form' });
    await visitEntity(db, shared.id, { size: '5' }, { formId: 'coverage' });
    return { db, made, ours, theirs, shared };
  }

  it('a whole-device and a "changes since" bundle carry every entity changed', async () => {
    const { db, ours, theirs, shared } = await withEntities();
    expect(await idsOf(db, { type: 'all' })).toEqual([shared.id, ours.id, theirs.id].sort());
    const sent = await exportBundle({ type: 'changes', destination: 'office' }, { db });
    expect(sent.manifest.counts.entity).toBe(3);
    await markDelivered(sent, db);
    await visitEntity(db, theirs.id, { status: 'informal' }, { formId: 'other-form' });
    expect(await idsOf(db, { type: 'changes', destination: 'office' })).toEqual([theirs.id]);
  });

  it("a project bundle carries the entities its forms' responses created or updated", async () => {
    const { db, made, ours, shared } = await withEntities();
    const { manifest } = await exportBundle({ type: 'project', projectId: made.project.id }, { db });
    expect(manifest.counts.entity).toBe(2);
    expect(await idsOf(db, { type: 'project', projectId: made.project.id })).toEqual([shared.id, ours.id].sort());
  });

  it('a form bundle carries the entities of the lists the form declares or reads', async () => {
    const { db, ours, theirs, shared } = await withEntities();
    await repos(db).forms.create({ ...formData('household-visit'), entities: [{ listName: 'households', label: '${name}' }] });
    expect(await idsOf(db, { type: 'form', formId: 'household-visit' })).toEqual([shared.id]);
    // A follow-up of workers: it picks one with select_one_from_file workers.csv (no such attachment).
    const base = formData('worker-follow-up');
    const pick = { type: 'select_one' as const, name: 'worker', label: { es: 'Trabajador' }, itemset: { file: 'workers.csv', value: 'name', label: 'label' } };
    await repos(db).forms.create({ ...base, questions: [pick, ...base.questions] });
    expect(await idsOf(db, { type: 'form', formId: 'worker-follow-up' })).toEqual([ours.id, theirs.id].sort());
  });
});

describe('bundle versions and entities', () => {
  it('refuses a version 4 manifest without counts.entity; imports a version 3 bundle, whose counts lack it', async () => {
    const source = await freshDatabase();
    await populate(source);
    const text = await blobText((await exportBundle({ type: 'all' }, { db: source })).blob);
    const target = await freshDatabase();
    const noCount = await editHeader(text, (h) => delete h.manifest.counts.entity);
    expect(await importError(noCount, target)).toEqual({ code: 'bundle.invalidManifest', params: { reason: 'counts.entity' } });
    expect(await target.projects.count()).toBe(0);

    const v3 = await editHeader(await toVersion3(text, []), (h) => delete h.manifest.counts.entity);
    expect(await importError(v3, target)).toBeUndefined();
    expect(await dumpRecords(target)).toBe(await dumpRecords(source));
  });

  it('refuses a version 3 bundle that holds an entity, as tampered', async () => {
    const source = await freshDatabase();
    await populate(source);
    await registerEntity(source, 'workers', 'w-1', 'Rosa', {}, { formId: 'coverage' });
    const v3 = new Blob([await toVersion3(await blobText((await exportBundle({ type: 'all' }, { db: source })).blob), [])]);
    const target = await freshDatabase();
    expect(await importError(v3, target)).toMatchObject({ code: 'bundle.tampered' });
    expect(await target.projects.count()).toBe(0);
  });
});
