// Bundled by entities-select.mjs and run in a page of the app's origin: stores a
// follow-up form that picks a worker from the device's list (select_one_from_file
// workers.csv) and 100,000 workers, in the app's own database, as a sync pull or a
// bundle import does (applyMerged, in chunks).

import { applyMerged, openDatabase } from '../../src/lib/db';
import type { DataOf, Envelope, Form } from '../../src/lib/domain/types';
import { CHUNK, LIST, envelope, worker } from './workers';

export const FORM_ID = 'bench_follow_up';

/** The department first (a screen to move on from), then the worker, then the new ISSS status saved to the worker. */
const FORM: DataOf<Form> = {
  formId: FORM_ID,
  version: '1',
  title: { es: 'Visita de seguimiento (banco de pruebas)' },
  languages: ['es'],
  defaultLanguage: 'es',
  warnings: [],
  questions: [
    { type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento' } },
    { type: 'select_one', name: 'worker', label: { es: 'Persona trabajadora' }, itemset: { file: `${LIST}.csv`, value: 'name', label: 'label' } },
    { type: 'select_one', name: 'isss', listName: 'isss', label: { es: 'Afiliación al ISSS' }, saveTo: 'isss' },
  ],
  choices: {
    department: ['AH', 'SA', 'SO', 'SS'].map((name) => ({ name, label: { es: name } })),
    isss: ['yes', 'no'].map((name) => ({ name, label: { es: name } })),
  },
  entities: [{ listName: LIST, entityId: '${worker}', updateIf: 'true()' }],
  projectId: null,
};

/** Stores the form and `total` workers in the app's database; returns the milliseconds it took. */
export async function storeFollowUp(total: number): Promise<number> {
  const db = await openDatabase();
  const started = performance.now();
  await applyMerged([envelope('form', `${FORM_ID}-form`, FORM)], {}, db);
  for (let start = 0; start < total; start += CHUNK) {
    const chunk: Envelope[] = [];
    for (let i = start; i < Math.min(total, start + CHUNK); i++) chunk.push(worker(i));
    await applyMerged(chunk, {}, db);
  }
  db.close();
  return performance.now() - started;
}
