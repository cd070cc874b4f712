// The streamed import: one pass reads, checks, merges and stages batch by batch, the
// preview is what the commit does, and an import cut short is finished by importing the
// same file again.
import { describe, expect, it } from 'vitest';
import { BundleError, commitStaged, discardStaged, exportBundle, stageImport } from '../../src/lib/bundle';
import type { PisoDatabase } from '../../src/lib/db/database';
import { unfinishedImports } from '../../src/lib/db/import-write';
import type { Project } from '../../src/lib/domain/types';
import { blobText, dumpAll, dumpRecords, freshDatabase, populate, repos, responseData } from './bundle-fixtures';

/** A source with the populate() records and `extra` more responses, exported whole. */
async function source(extra: number) {
  const db = await freshDatabase();
  const made = await populate(db);
  for (let i = 0; i < extra; i++) await repos(db).responses.create(responseData('coverage', made.project.id, `Persona ${i}`));
  const { blob } = await exportBundle({ type: 'all' }, { db });
  return { db, made, blob };
}

const stageKeys = async (db: PisoDatabase) => (await db.meta.toArray()).filter((entry) => entry.key.startsWith('import.stage/')).length;

describe('streamed bundle import', () => {
  it('stages in batches without writing a record, and commits exactly what the preview said', async () => {
    const { db: from, blob } = await source(20); // 29 records
    const target = await freshDatabase();
    const before = await dumpRecords(target);
    const progress: number[][] = [];
    const plan = await stageImport(blob, { db: target, batchRecords: 4, onProgress: (done, total) => progress.push([done, total]) });
    expect(plan.batches).toBe(8);
    expect(progress.at(-1)).toEqual([29, 29]);
    expect(plan.effect.response).toEqual({ new: 23, updated: 0, unchanged: 0, deleted: 0 });
    expect(plan.effect.form).toEqual({ new: 2, updated: 0, unchanged: 0, deleted: 0 });
    expect(await dumpRecords(target)).toBe(before);
    expect(await stageKeys(target)).toBe(8);

    const written: number[] = [];
    const done = await commitStaged(plan, { db: target, onProgress: (n) => written.push(n) });
    // After each transaction of two batches.
    expect(written).toEqual([2, 4, 6, 8]);
    expect(done).toEqual(plan.effect);
    expect(await dumpRecords(target)).toBe(await dumpRecords(from));
    expect(await stageKeys(target)).toBe(0);
    expect(await unfinishedImports(target)).toEqual([]);
  });

  it('drops what it staged when the preview is cancelled, or when the bundle is refused at its end', async () => {
    const { blob } = await source(5);
    const target = await freshDatabase();
    const before = await dumpAll(target);
    await stageImport(blob, { db: target, batchRecords: 3 });
    await discardStaged(target);
    expect(await dumpAll(target)).toBe(before);

    // Cut after the last record: every batch was staged before the end was found missing.
    const text = await blobText(blob);
    const cut = new Blob([text.slice(0, text.lastIndexOf('\n') + 1)]);
    await expect(stageImport(cut, { db: target, batchRecords: 3 })).rejects.toMatchObject({ code: 'bundle.truncated' });
    expect(await dumpAll(target)).toBe(before);
    const altered = new Blob([text.replace('"Persona 3"', '"Persona 9"')]);
    const refused = await stageImport(altered, { db: target, batchRecords: 3 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BundleError);
    expect((refused as BundleError).code).toBe('bundle.tampered');
    expect(await dumpAll(target)).toBe(before);
  });

  it('finishes an import cut short when the same file is imported again, and says so', async () => {
    const { db: from, blob } = await source(20);
    const target = await freshDatabase();
    const plan = await stageImport(blob, { db: target, batchRecords: 4 });
    const cut = new AbortController();
    await expect(
      commitStaged(plan, { db: target, fileName: 'hq.json', transactionBatches: 1, signal: cut.signal, onProgress: (n) => n === 3 && cut.abort() }),
    ).rejects.toThrow();
    // Three whole batches are written (12 records: 2 projects, outcome, indicator, 2 forms, 6 responses), no more.
    expect(await target.responses.count()).toBe(6);
    const [mark] = await unfinishedImports(target);
    expect(mark).toMatchObject({ recordsHash: plan.manifest.recordsHash.value, fileName: 'hq.json', batches: 8, done: 3 });

    const again = await stageImport(blob, { db: target, batchRecords: 4 });
    expect(again.finishes).toMatchObject({ recordsHash: plan.manifest.recordsHash.value, done: 3 });
    expect(again.effect.response).toEqual({ new: 17, updated: 0, unchanged: 6, deleted: 0 });
    expect(again.effect.project).toEqual({ new: 0, updated: 0, unchanged: 2, deleted: 0 });
    await commitStaged(again, { db: target });
    expect(await unfinishedImports(target)).toEqual([]);
    expect(await dumpRecords(target)).toBe(await dumpRecords(from));
  });

  it('cuts an import only between transactions: the batches of one are written together', async () => {
    const { db: from, blob } = await source(20);
    const target = await freshDatabase();
    const plan = await stageImport(blob, { db: target, batchRecords: 4 });
    const cut = new AbortController();
    await expect(commitStaged(plan, { db: target, transactionBatches: 3, signal: cut.signal, onProgress: () => cut.abort() })).rejects.toThrow();
    // Asked to stop after the first transaction: its three batches are written, no more.
    expect(await target.responses.count()).toBe(6);
    expect((await unfinishedImports(target))[0]).toMatchObject({ batches: 8, done: 3 });
    await commitStaged(await stageImport(blob, { db: target, batchRecords: 4 }), { db: target });
    expect(await dumpRecords(target)).toBe(await dumpRecords(from));
  });

  it('keeps the mark of a cut import while another bundle is imported', async () => {
    const { blob } = await source(8);
    const { blob: other } = await source(0);
    const target = await freshDatabase();
    const plan = await stageImport(blob, { db: target, batchRecords: 4 });
    const cut = new AbortController();
    await commitStaged(plan, { db: target, transactionBatches: 1, signal: cut.signal, onProgress: () => cut.abort() }).catch(() => undefined);
    const otherPlan = await stageImport(other, { db: target, batchRecords: 4 });
    expect(otherPlan.finishes).toBeUndefined();
    await commitStaged(otherPlan, { db: target });
    expect((await unfinishedImports(target)).map((mark) => mark.recordsHash)).toEqual([plan.manifest.recordsHash.value]);
  });

  it('merges again, at commit, a record edited here after the preview staged it', async () => {
    const { db: from, made, blob } = await source(0);
    const target = await freshDatabase();
    await stageImport(blob, { db: target }).then((plan) => commitStaged(plan, { db: target }));
    // The source renames the project; the target, after staging that, changes its budget.
    await repos(from).projects.update(made.project.id, { title: { es: 'Nuevo título', en: 'Title' } });
    const { blob: renamed } = await exportBundle({ type: 'all' }, { db: from });
    const plan = await stageImport(renamed, { db: target });
    expect(plan.effect.project).toEqual({ new: 0, updated: 1, unchanged: 1, deleted: 0 });
    await repos(target).projects.update(made.project.id, { budget: { amount: 1, currency: 'USD' } });
    await commitStaged(plan, { db: target });
    const project = (await target.projects.get(made.project.id)) as Project;
    expect(project.title.es).toBe('Nuevo título');
    expect(project.budget).toEqual({ amount: 1, currency: 'USD' });
  });
});
