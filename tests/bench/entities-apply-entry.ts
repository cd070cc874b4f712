// Bundled by entities-apply.mjs and run in a page of the app's origin: stores 100,000
// workers as a bundle import or a sync pull does (applyMerged, in chunks of 1,000), then
// times what case management adds on top of them: finalizing a follow-up that updates
// one worker, reading the list as a form does, and a plain put of the same record.

import { applyMerged, entityItems, finalizeResponse, openDatabase, startDraft } from '../../src/lib/db';
import { entityRecordId, type DataOf, type Entity, type Form } from '../../src/lib/domain/types';
import { CHUNK, LIST, envelope, worker, workerId } from './workers';

const DATABASE = 'piso-bench-entities';

const FORM: DataOf<Form> = {
  formId: 'follow_up',
  version: '1',
  title: { es: 'Seguimiento (banco de pruebas)' },
  languages: ['es'],
  defaultLanguage: 'es',
  warnings: [],
  questions: [{ type: 'text', name: 'status', label: { es: 'Situación' } }],
  choices: {},
  projectId: null,
};

let opened: ReturnType<typeof openDatabase> | undefined;
/** The page's connection; `again`: a new one, as when the app starts again (nothing kept in memory). */
const connection = (again = false) => (again || !opened ? (opened = openDatabase(DATABASE)) : opened);

/** Stores the form and `total` workers; returns the milliseconds it took. */
export async function storeWorkers(total: number): Promise<number> {
  const db = await connection();
  const started = performance.now();
  await applyMerged([envelope('form', 'follow-up-form', FORM)], {}, db);
  for (let start = 0; start < total; start += CHUNK) {
    const chunk: Envelope[] = [];
    for (let i = start; i < Math.min(total, start + CHUNK); i++) chunk.push(worker(i));
    await applyMerged(chunk, {}, db);
  }
  return performance.now() - started;
}

/** The first read of the list after the import: the snapshot is built from the records. */
export async function buildItems(): Promise<{ ms: number; count: number }> {
  await connection(true);
  const started = performance.now();
  const count = (await entityItems(LIST)).length;
  return { ms: performance.now() - started, count };
}

/** Finalizes a follow-up of worker i (its ISSS status changes); the time of finalizeResponse alone. */
export async function followUp(i: number): Promise<number> {
  const db = await connection();
  const form = (await db.recordTable<Form>('form').get('follow-up-form'))!;
  const draft = await startDraft(form, { enumerator: 'Ana' });
  const entityId = workerId(i);
  const started = performance.now();
  await finalizeResponse(draft.id, { status: 'affiliated' }, new Date(), undefined, [
    { list: LIST, action: 'update', entityId, properties: { isss: `yes-${i}` } },
  ]);
  return performance.now() - started;
}

/** entityItems as a form opening after a follow-up reads it; `fresh`: on a new connection (the app started again). */
export async function readItems(fresh: boolean): Promise<number> {
  await connection(fresh);
  const started = performance.now();
  await entityItems(LIST);
  return performance.now() - started;
}

/** The plain alternative to finalizing: one put of worker i as it is, in one transaction. */
export async function plainPut(i: number): Promise<number> {
  const db = await connection();
  const table = db.recordTable<Entity>('entity');
  const record = (await table.get(entityRecordId(LIST, workerId(i))))!;
  const started = performance.now();
  await db.transaction('rw', table, db.meta, () => table.put(record));
  return performance.now() - started;
}
