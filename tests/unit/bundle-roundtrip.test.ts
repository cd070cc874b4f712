import { describe, expect, it } from 'vitest';
import { portableJson } from '../../src/lib/bundle/export';
import { canonicalJson } from '../../src/lib/domain/merge';
import { commitImport, exportBundle, lastSent, markDelivered, previewImport, readBundle } from '../../src/lib/bundle';
import { blobText, dumpRecords, formData, freshDatabase, populate, repos, responseData } from './bundle-fixtures';

describe('bundle round trip', () => {
  it('carries every kind of record, with tombstones, to another device unchanged', async () => {
    const source = await freshDatabase();
    const made = await populate(source);
    await repos(source).responses.remove(made.responses[1].id);
    const progress: number[][] = [];
    const { blob, manifest } = await exportBundle({ type: 'all' }, { db: source, onProgress: (d, t) => progress.push([d, t]) });
    expect(manifest.counts).toEqual({ project: 2, outcome: 1, indicator: 1, form: 2, response: 3, entity: 0 });
    expect(progress.at(-1)).toEqual([9, 9]);

    const target = await freshDatabase();
    const bundle = await readBundle(blob);
    expect(bundle.records).toHaveLength(9);
    expect(bundle.records.every((r) => !('dirty' in r) && !('ixLive' in r))).toBe(true);
    const preview = await previewImport(bundle, { db: target });
    expect(preview.response).toEqual({ new: 3, updated: 0, unchanged: 0, deleted: 0 });
    expect(await dumpRecords(target)).toBe(await dumpRecords(await freshDatabase())); // the preview wrote nothing
    const done = await commitImport(bundle, { db: target });
    expect(done).toEqual(preview);
    expect(await dumpRecords(target)).toBe(await dumpRecords(source));
    // Imported records are changes on this device, still to be synced.
    expect((await target.responses.toArray()).every((r) => r.dirty === 1 && r.ixLive !== undefined)).toBe(true);
  });

  it('writes the manifest before the records, one record per line', async () => {
    const db = await freshDatabase();
    await populate(db);
    const text = await blobText((await exportBundle({ type: 'all' }, { db })).blob);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\{"format":"piso-bundle","version":4,"manifest":\{.*\},"records":\[$/);
    // No file is named: an empty files section closes the document.
    expect(lines.slice(-2)).toEqual(['],"files":[', ']}']);
    expect(lines.slice(2, -2).every((l) => l.startsWith(',{'))).toBe(true);
    const parsed = JSON.parse(text);
    expect(parsed.records).toHaveLength(9);
    expect(parsed.files).toEqual([]);
    expect(parsed.manifest.recordsHash.value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('round-trips gzipped and encrypted bundles', async () => {
    const source = await freshDatabase();
    await populate(source);
    const plain = await exportBundle({ type: 'all' }, { db: source });
    const sealed = await exportBundle({ type: 'all' }, { db: source, gzip: true, passphrase: 'correct horse', iterations: 210_000 });
    expect(sealed.fileName).toMatch(/\.piso$/);
    expect(await blobText(sealed.blob)).not.toContain('SLV/16/03/RBS');
    const bundle = await readBundle(sealed.blob, { passphrase: 'correct horse' });
    expect(bundle).toMatchObject({ encrypted: true, compressed: true });
    expect(bundle.records).toEqual((await readBundle(plain.blob)).records);
    const gz = await exportBundle({ type: 'all' }, { db: source, gzip: true });
    expect(gz.blob.size).toBeLessThan(plain.blob.size);
    expect((await readBundle(gz.blob)).compressed).toBe(true);
  });
});

describe('bundle scopes', () => {
  it('exports one project with its outcomes, indicators, forms and responses', async () => {
    const db = await freshDatabase();
    const made = await populate(db);
    // A form with no projectId belongs to the project through its responses.
    const loose = await repos(db).forms.create(formData('loose'));
    await repos(db).responses.create(responseData('loose', made.project.id));
    const { manifest } = await exportBundle({ type: 'project', projectId: made.project.id }, { db });
    expect(manifest.counts).toEqual({ project: 1, outcome: 1, indicator: 1, form: 2, response: 3, entity: 0 });
    const ids = (await readBundle((await exportBundle({ type: 'project', projectId: made.project.id }, { db })).blob)).records.map((r) => r.id);
    expect(ids).toContain(loose.id);
    expect(ids).not.toContain(made.other.id);
    expect(ids).not.toContain(made.otherResponse.id);
  });

  it("exports one form's versions and responses", async () => {
    const db = await freshDatabase();
    const made = await populate(db);
    await repos(db).forms.create({ ...formData('coverage', made.project.id), version: '2' });
    const { manifest } = await exportBundle({ type: 'form', formId: 'coverage' }, { db });
    expect(manifest.counts).toEqual({ project: 0, outcome: 0, indicator: 0, form: 2, response: 2, entity: 0 });
    await expect(exportBundle({ type: 'form', formId: 'nope' }, { db })).rejects.toMatchObject({ code: 'bundle.scopeNotFound' });
    await expect(exportBundle({ type: 'project', projectId: 'nope' }, { db })).rejects.toMatchObject({ code: 'bundle.scopeNotFound' });
  });

  it('exports only what changed since the last bundle sent to a destination', async () => {
    const db = await freshDatabase();
    const made = await populate(db);
    const first = await exportBundle({ type: 'changes', destination: 'laptop' }, { db });
    expect(first.manifest.scope).toEqual({ type: 'changes', destination: 'laptop', since: null });
    expect(Object.values(first.manifest.counts).reduce((a, b) => a + b)).toBe(9);
    // Not sent yet: the next bundle still holds everything.
    expect((await exportBundle({ type: 'changes', destination: 'laptop' }, { db })).manifest.counts.response).toBe(3);
    await markDelivered(first, db);
    expect(await lastSent('laptop', db)).toBe(first.snapshot.seq);

    await repos(db).responses.update(made.responses[0].id, { enumerator: 'Rosa' });
    const second = await exportBundle({ type: 'changes', destination: 'laptop' }, { db });
    expect(second.manifest.counts).toEqual({ project: 0, outcome: 0, indicator: 0, form: 0, response: 1, entity: 0 });
    expect(second.manifest.scope).toMatchObject({ since: String(first.snapshot.seq) });
    // Another destination has its own checkpoint.
    expect((await exportBundle({ type: 'changes', destination: 'usb' }, { db })).manifest.counts.response).toBe(3);
  });
});

describe('import preview and merge', () => {
  it('counts new, updated, unchanged and deleted per kind, and changes nothing the second time', async () => {
    const a = await freshDatabase();
    const made = await populate(a);
    const b = await freshDatabase();
    await commitImport(await readBundle((await exportBundle({ type: 'all' }, { db: a })).blob), { db: b });

    await repos(a).projects.update(made.project.id, { region: 'Centroamérica' });
    await repos(a).responses.remove(made.responses[0].id);
    await repos(a).outcomes.create({ ...made.outcome, code: 'SLV 238' });
    const bundle = await readBundle((await exportBundle({ type: 'all' }, { db: a })).blob);
    const preview = await previewImport(bundle, { db: b });
    expect(preview.project).toEqual({ new: 0, updated: 1, unchanged: 1, deleted: 0 });
    expect(preview.outcome).toEqual({ new: 1, updated: 0, unchanged: 1, deleted: 0 });
    expect(preview.response).toEqual({ new: 0, updated: 0, unchanged: 2, deleted: 1 });
    await commitImport(bundle, { db: b });
    const before = await dumpRecords(b);
    const again = await commitImport(bundle, { db: b });
    expect(again.response).toEqual({ new: 0, updated: 0, unchanged: 3, deleted: 0 });
    expect(await dumpRecords(b)).toBe(before);
    expect(before).toBe(await dumpRecords(a));
  });

  it('keeps an edit made on this device after the bundle was made', async () => {
    const a = await freshDatabase();
    const made = await populate(a);
    const b = await freshDatabase();
    await commitImport(await readBundle((await exportBundle({ type: 'all' }, { db: a })).blob), { db: b });
    // A bundle is made on a, carrying a's edit of the title...
    await repos(a).projects.update(made.project.id, { title: { es: 'Desde A' } });
    const fromA = await readBundle((await exportBundle({ type: 'all' }, { db: a })).blob);
    // ...then b edits the same field and another one, and imports the older bundle.
    await repos(b).projects.update(made.project.id, { title: { es: 'Desde B' }, region: 'Oriente' });
    await commitImport(fromA, { db: b });
    const kept = await repos(b).projects.get(made.project.id);
    expect(kept).toMatchObject({ title: { es: 'Desde B' }, region: 'Oriente' });
    // And a later local edit still wins over everything received.
    await repos(b).projects.update(made.project.id, { funding: 'ILO' });
    expect((await repos(b).projects.get(made.project.id))!.hlc > fromA.manifest.maxHlc!).toBe(true);
  });
});

describe('portableJson', () => {
  it('is canonicalJson of the record without its device fields', async () => {
    const db = await freshDatabase();
    const made = await populate(db);
    const stored = await db.responses.get(made.responses[0].id);
    const odd = { ...stored!, answers: { dirty: 'yes', z: [{ b: 1, a: undefined }], ixLive: 'no' } };
    for (const record of [stored!, odd, made.project, made.form]) {
      const { dirty, serverRev, ixLive, ixDepartment, ixFiles, seq, ...rest } = record as Record<string, unknown>;
      expect(portableJson(record as never)).toBe(canonicalJson(rest));
    }
  });
});
