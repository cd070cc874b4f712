import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyMerged,
  openDatabase,
  outcomes,
  projects,
  RecordNotFoundError,
  repo,
  type PisoDatabase,
} from '../../src/lib/db';
import { compareHlc, formatHlc, parseHlc } from '../../src/lib/domain/hlc';
import { mergeRecords } from '../../src/lib/domain/merge';
import type { DataOf, Project } from '../../src/lib/domain/types';

let db: PisoDatabase;
let run = 0;

beforeEach(async () => {
  db = await openDatabase(`repository-test-${++run}`);
});

const projectData = (code = 'SLV/16/03/RBS'): DataOf<Project> => ({
  code,
  title: { es: 'Piso', en: 'Floor' },
  description: {},
  country: 'SV',
  region: 'Americas',
  status: 'active',
  start: '2017-11-01',
  end: '2021-12-31',
  budget: { amount: 462640, currency: 'USD' },
  funding: 'RBSA',
  partners: ['ISSS'],
  sdgTargets: ['1.3'],
  links: [],
});

describe('Repository', () => {
  it('creates a record with a full envelope, every field stamped with one clock', async () => {
    const p = await projects.create(projectData());
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p).toMatchObject({ kind: 'project', deleted: false, dirty: 1, code: 'SLV/16/03/RBS' });
    expect(p.deviceId).toBe(db.clock.deviceId);
    expect(parseHlc(p.hlc).deviceId).toBe(db.clock.deviceId);
    expect(Object.keys(p.fieldHlc).sort()).toEqual([...Object.keys(projectData()), 'deleted'].sort());
    expect(new Set(Object.values(p.fieldHlc))).toEqual(new Set([p.hlc]));
    expect(await projects.get(p.id)).toEqual(p);
  });

  it('stamps only the fields whose value changed', async () => {
    const p = await projects.create(projectData());
    await db.transaction('rw', db.projects, db.meta, () => db.projects.update(p.id, { dirty: 0 }));
    const u = await projects.update(p.id, {
      code: 'SLV/16/03/RBS', // unchanged
      budget: { currency: 'USD', amount: 462640 }, // unchanged, keys in another order
      title: { es: 'Piso', en: 'Floor', fr: 'Socle' },
      status: 'closed',
    });
    expect(compareHlc(u.hlc, p.hlc)).toBe(1);
    expect(u.fieldHlc.title).toBe(u.hlc);
    expect(u.fieldHlc.status).toBe(u.hlc);
    expect(u.fieldHlc.code).toBe(p.hlc);
    expect(u.fieldHlc.budget).toBe(p.hlc);
    expect(u).toMatchObject({ status: 'closed', dirty: 1, createdAt: p.createdAt });
    expect(await projects.get(p.id)).toEqual(u);
  });

  it('writes nothing when nothing changes', async () => {
    const p = await projects.create(projectData());
    await db.transaction('rw', db.projects, db.meta, () => db.projects.update(p.id, { dirty: 0 }));
    const same = await projects.update(p.id, { code: p.code, partners: ['ISSS'] });
    expect(same).toMatchObject({ hlc: p.hlc, dirty: 0 });
  });

  it('ignores envelope fields in a patch', async () => {
    const p = await projects.create(projectData());
    const u = await projects.update(p.id, { id: 'other', deleted: true, code: 'X' } as Partial<DataOf<Project>>);
    expect(u).toMatchObject({ id: p.id, deleted: false, code: 'X' });
  });

  it('deletes as a tombstone with its own clock, and restores it', async () => {
    const p = await projects.create(projectData());
    await projects.remove(p.id);
    const removed = (await projects.get(p.id, { includeDeleted: true }))!;
    expect(removed.deleted).toBe(true);
    expect(removed.fieldHlc.deleted).toBe(removed.hlc);
    expect(removed.fieldHlc.code).toBe(p.hlc);
    expect(await projects.get(p.id)).toBeUndefined();
    expect(await projects.list()).toEqual([]);

    await projects.restore(p.id);
    const restored = (await projects.get(p.id))!;
    expect(restored.deleted).toBe(false);
    expect(compareHlc(restored.fieldHlc.deleted, removed.fieldHlc.deleted)).toBe(1);
    expect(await projects.list()).toEqual([restored]);
  });

  it('throws RecordNotFoundError for an unknown id', async () => {
    await expect(projects.update('missing', { code: 'X' })).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(projects.remove('missing')).rejects.toBeInstanceOf(RecordNotFoundError);
    expect(await projects.get('missing')).toBeUndefined();
  });

  it('lists outcomes by project, without tombstones', async () => {
    const p = await projects.create(projectData());
    const other = await projects.create(projectData('OTHER'));
    const base = { title: { es: 'Objetivo' }, start: '2017-11-01', end: '2021-12-31', country: 'SV', type: 'outcome' as const };
    const o1 = await outcomes.create({ ...base, projectId: p.id, code: 'OBJ 1' });
    const o2 = await outcomes.create({ ...base, projectId: p.id, code: 'OBJ 2' });
    await outcomes.create({ ...base, projectId: other.id, code: 'OBJ 1' });
    await outcomes.remove(o2.id);
    expect(await outcomes.listWhere('projectId', p.id)).toEqual([o1]);
  });

  it('gives a repository for the kinds still without types', async () => {
    const forms = repo('form');
    const f = await forms.create({ title: { es: 'Encuesta' }, version: '1' });
    expect(await db.forms.get(f.id)).toMatchObject({ kind: 'form', version: '1', dirty: 1 });
  });

  it('keeps the clock monotonic across a reopen, even with the wall clock behind', async () => {
    const p = await projects.create(projectData());
    const ahead = formatHlc({ time: Date.now() + 3_600_000, counter: 5, deviceId: db.clock.deviceId });
    await db.meta.put({ key: 'hlc', value: ahead });
    db.close();
    db = await openDatabase(db.name);
    expect(db.clock.deviceId).toBe(p.deviceId);
    const u = await projects.update(p.id, { code: 'LATER' });
    expect(compareHlc(u.hlc, ahead)).toBe(1);
  });
});

describe('applyMerged', () => {
  /** The same record as edited on another device. */
  async function remoteEdit(p: Project, patch: Partial<Project>, ms: number): Promise<Project> {
    const hlc = formatHlc({ time: Date.now() + ms, counter: 0, deviceId: 'remote' });
    const fieldHlc = { ...p.fieldHlc, ...Object.fromEntries(Object.keys(patch).map((key) => [key, hlc])) };
    return { ...p, ...patch, fieldHlc, hlc, deviceId: 'remote', serverRev: undefined, dirty: 0 };
  }

  it('adds new records, merges known ones field by field, and counts', async () => {
    const p = await projects.create(projectData());
    const local = await projects.update(p.id, { status: 'closed' });
    const incoming = await remoteEdit(p, { code: 'REMOTE' }, 1000);
    // Its hlc is ahead of its field clocks: applyMerged derives it again from them.
    const brandNew = { ...(await remoteEdit(p, {}, 0)), id: crypto.randomUUID() };

    expect(await applyMerged([incoming, brandNew], { dryRun: true })).toEqual({ added: 1, updated: 1, unchanged: 0 });
    expect(await projects.get(brandNew.id)).toBeUndefined();

    expect(await applyMerged([incoming, brandNew])).toEqual({ added: 1, updated: 1, unchanged: 0 });
    const merged = await projects.get(p.id);
    expect(merged).toEqual({ ...mergeRecords(local, incoming), dirty: 1, seq: expect.any(Number) });
    expect(merged).toMatchObject({ code: 'REMOTE', status: 'closed' });
    expect(await projects.get(brandNew.id)).toMatchObject({ dirty: 1 });

    // Applying the same again changes nothing.
    expect(await applyMerged([incoming, brandNew])).toEqual({ added: 0, updated: 0, unchanged: 2 });
    // The clock moved past what was received: a local edit now wins.
    const after = await projects.update(p.id, { code: 'LOCAL' });
    expect(compareHlc(after.fieldHlc.code, incoming.fieldHlc.code)).toBe(1);
  });

  it('respects tombstones from elsewhere', async () => {
    const p = await projects.create(projectData());
    await applyMerged([await remoteEdit(p, { deleted: true }, 1000)]);
    expect(await projects.get(p.id)).toBeUndefined();
  });

  it('keeps the server revision and clears dirty for what the server already has', async () => {
    const p = await projects.create(projectData());
    expect(await applyMerged([{ ...p, serverRev: '1-abc' }], { fromServer: true })).toEqual({
      added: 0,
      updated: 0,
      unchanged: 1,
    });
    expect(await projects.get(p.id)).toMatchObject({ serverRev: '1-abc', dirty: 0 });

    const local = await projects.update(p.id, { status: 'closed' });
    const server = { ...(await remoteEdit(p, { code: 'SERVER' }, 1000)), serverRev: '2-def' };
    await applyMerged([server], { fromServer: true });
    // The local status edit is not on the server yet: still dirty.
    expect(await projects.get(p.id)).toMatchObject({ code: 'SERVER', status: local.status, serverRev: '2-def', dirty: 1 });
  });

  it('writes nothing when a record is invalid', async () => {
    const p = await projects.create(projectData());
    const good = await remoteEdit(p, { code: 'REMOTE' }, 1000);
    await expect(applyMerged([good, { ...good, id: crypto.randomUUID(), hlc: 'bad' }])).rejects.toThrow();
    expect((await projects.get(p.id))?.code).toBe(p.code);
  });
});
