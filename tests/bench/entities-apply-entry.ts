// Bundled by entities-apply.mjs and run in a page of the app's origin: stores 100,000
// workers as a bundle import or a sync pull does (applyMerged, in chunks of 1,000), then
// times what case management adds on top of them: finalizing a follow-up that updates
// one worker, reading the list as a form does, and a plain put of the same record.

import { applyMerged, entityItems, finalizeResponse, openDatabase, startDraft } from '../../src/lib/db';
import { stampNew } from '../../src/lib/domain/record-stamp';
import { entityRecordId, type DataOf, type Entity, type Envelope, type Form, type Kind } from '../../src/lib/domain/types';

const DEVICE = 'bench-device';
const CHUNK = 1000;
const LIST = 'workers';
const DATABASE = 'piso-bench-entities';
const DEPARTMENTS = ['AH', 'SA', 'SO', 'CH', 'LL', 'SS', 'CU', 'LP', 'CA', 'SV', 'US', 'SM', 'MO', 'LU'];

/** A record as another device sends it: every field stamped with one clock. */
function envelope(kind: Kind, id: string, data: object, i = 0): Envelope {
  const hlc = `2026-03-01T00:00:00.000Z-${String(i % 10000).padStart(4, '0')}-${DEVICE}`;
  const { fields, fieldHlc } = stampNew(kind, Object.entries(data), hlc);
  const at = '2026-03-01T00:00:00.000Z';
  return { ...fields, id, kind, hlc, fieldHlc, deviceId: DEVICE, createdAt: at, updatedAt: at, deleted: false, dirty: 0 } as Envelope;
}

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

/** Worker i, registered by a visit of its own: six properties, as the seed's registration form sets them. */
function worker(i: number): Envelope {
  const entityId = `w${String(i).padStart(6, '0')}`;
  const properties = {
    sex: i % 2 ? 'female' : 'male',
    age: String(18 + (i % 60)),
    department: DEPARTMENTS[i % 14],
    employment: i % 3 ? 'own_account' : 'domestic',
    isss: i % 5 ? 'no' : 'yes',
    phone: String(70000000 + i),
  };
  const label = `Trabajador ${String((i * 7919) % 100_000).padStart(5, '0')}`;
  const visit = {
    id: `reg-${i}`,
    responseId: `reg-${i}`,
    formId: 'registration',
    formVersion: '1',
    action: 'create',
    at: '2026-03-01T00:00:00.000Z',
    by: 'Enumerador',
    hlc: `2026-03-01T00:00:00.000Z-${String(i % 10000).padStart(4, '0')}-${DEVICE}`,
    set: { ...properties, label },
    seen: {},
  };
  return envelope('entity', entityRecordId(LIST, entityId), { list: LIST, entityId, label, properties, visits: [visit] }, i);
}

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
  const entityId = `w${String(i).padStart(6, '0')}`;
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
  const record = (await table.get(entityRecordId(LIST, `w${String(i).padStart(6, '0')}`)))!;
  const started = performance.now();
  await db.transaction('rw', table, db.meta, () => table.put(record));
  return performance.now() - started;
}
