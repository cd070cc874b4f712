// Bundled by entities.mjs and run in a page of the app's origin: stores a follow-up form
// and a list of workers (entities) through lib/db as a sync pull or a bundle import does
// (storeData: applyMerged in chunks), so that change numbers and the list snapshot are
// derived as they are for real.

import type { DataOf, Entity, Form } from '../../src/lib/domain/types';
import { entityRecordId } from '../../src/lib/domain/types';
import { storeData } from './responses-entry';

const DEPARTMENTS = [
  'ahuachapan', 'santa_ana', 'sonsonate', 'chalatenango', 'la_libertad', 'san_salvador', 'cuscatlan',
  'la_paz', 'cabanas', 'san_vicente', 'usulutan', 'san_miguel', 'morazan', 'la_union',
];
const GIVEN = ['María', 'José', 'Ana', 'Juan', 'Rosa', 'Carlos', 'Marta', 'Luis', 'Carmen', 'Pedro', 'Sonia', 'Miguel'];
const FAMILY = ['López', 'Hernández', 'Martínez', 'García', 'Rivera', 'Flores', 'Ramírez', 'Cruz', 'Peña', 'Ayala'];
const CHUNK = 2000;

export const LIST = 'workers';

/** The follow-up form: the worker's department (a first screen), then the worker picked from the list. */
export function followUpForm(formId: string): DataOf<Form> {
  return {
    formId,
    version: '1',
    title: { es: 'Visita de seguimiento (banco de pruebas)' },
    languages: ['es'],
    defaultLanguage: 'es',
    warnings: [],
    questions: [
      { type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento' } },
      { type: 'select_one', name: 'worker', label: { es: 'Persona trabajadora' }, itemset: { file: `${LIST}.csv`, value: 'name', label: 'label' } },
      { type: 'select_one', name: 'isss', listName: 'isss', label: { es: 'Estado ISSS' }, saveTo: 'isss_status' },
    ],
    choices: {
      department: DEPARTMENTS.map((name) => ({ name, label: { es: name.replace('_', ' ') } })),
      isss: ['affiliated', 'not_affiliated', 'in_process'].map((name) => ({ name, label: { es: name } })),
    },
    entities: [{ listName: LIST, entityId: '${worker}', updateIf: 'true()' }],
    projectId: null,
  };
}

/** Worker i: a name, department i % 14, sex, age and ISSS status, registered by one visit. */
function worker(i: number): DataOf<Entity> {
  const entityId = `w${String(i).padStart(6, '0')}`;
  const name = `${GIVEN[i % GIVEN.length]} ${FAMILY[(i >> 3) % FAMILY.length]} ${i}`;
  const properties = {
    sex: i % 2 ? 'female' : 'male',
    age: String(18 + (i % 60)),
    department: DEPARTMENTS[i % 14],
    isss_status: i % 5 ? 'not_affiliated' : 'affiliated',
  };
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    list: LIST,
    entityId,
    label: name,
    properties,
    visits: [{
      id: `reg-${i}`, responseId: `reg-${i}`, formId: 'worker_registration', formVersion: '1', action: 'create', at,
      by: `Enumerador ${i % 25}`, hlc: `${at}-0000-bench-device`, set: { label: name, ...properties }, seen: {},
    }],
  };
}

/** Stores the form and `total` workers, a chunk at a time. */
export async function storeWorkers(formId: string, total: number): Promise<void> {
  await storeData([{ kind: 'form', id: `${formId}-form`, data: followUpForm(formId) }]);
  for (let from = 0; from < total; from += CHUNK) {
    const items = Array.from({ length: Math.min(CHUNK, total - from) }, (_, k) => {
      const data = worker(from + k);
      return { kind: 'entity' as const, id: entityRecordId(LIST, data.entityId), data };
    });
    await storeData(items);
  }
}
