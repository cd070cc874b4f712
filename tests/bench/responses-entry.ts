// Bundled by responses.mjs (and the responses browser tests) and run in a page of the
// app's origin: stores survey responses through lib/db as a bundle import or a sync pull
// does (applyMerged, in chunks of 1,000), so that everything the app derives on a write
// (index fields, change numbers, the list's counts) is derived as it is for real.

import { applyMerged, openDatabase } from '../../src/lib/db';
import { stampNew } from '../../src/lib/domain/record-stamp';
import type { DataOf, Envelope, Form, Kind, SurveyResponse } from '../../src/lib/domain/types';

const DEVICE = 'bench-device';
const CHUNK = 1000;

const DEPARTMENTS = [
  'ahuachapan', 'santa_ana', 'sonsonate', 'chalatenango', 'la_libertad', 'san_salvador', 'cuscatlan',
  'la_paz', 'cabanas', 'san_vicente', 'usulutan', 'san_miguel', 'morazan', 'la_union',
];
const ENUMERATORS = 25;

/** A record as another device sends it: every field stamped with one clock. */
function envelope(kind: Kind, id: string, data: object, i = 0): Envelope {
  const hlc = `2026-03-01T00:00:00.000Z-${String(i % 10000).padStart(4, '0')}-${DEVICE}`;
  const { fields, fieldHlc } = stampNew(kind, Object.entries(data), hlc);
  const at = '2026-03-01T00:00:00.000Z';
  return { ...fields, id, kind, hlc, fieldHlc, deviceId: DEVICE, createdAt: at, updatedAt: at, deleted: false, dirty: 0 } as Envelope;
}

function form(formId: string): Envelope {
  const data: DataOf<Form> = {
    formId,
    version: '1',
    title: { es: 'Cobertura (banco de pruebas)' },
    languages: ['es'],
    defaultLanguage: 'es',
    warnings: [],
    questions: [{ type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento' } }],
    choices: { department: DEPARTMENTS.map((name) => ({ name, label: { es: name.replace('_', ' ') } })) },
    projectId: null,
  };
  return envelope('form', `${formId}-form`, data);
}

/**
 * Response i of about 1.5 KB: department i % 14, enumerator "Enumerador (i % 25)", a
 * draft when i % 4 == 0, started 10 minutes after response i - 1.
 */
function response(formId: string, i: number): Envelope {
  const data: DataOf<SurveyResponse> = {
    formId,
    formVersion: '1',
    projectId: null,
    status: i % 4 === 0 ? 'draft' : 'finalized',
    answers: {
      consent: 'yes', department: DEPARTMENTS[i % 14], area: i % 3 ? 'urban' : 'rural', sex: i % 2 ? 'female' : 'male',
      age: String(18 + (i % 60)), occupation: 'own_account', sector: 'agriculture', contributes_isss: i % 5 ? 'no' : 'yes',
      contributes_ipsfa: 'no', pension_afp: i % 7 ? 'no' : 'yes', health_insurance: 'none', income_band: String(i % 6),
      household_size: String(1 + (i % 8)), domestic_worker: 'no', written_contract: i % 3 ? 'no' : 'yes',
      barriers: 'cost information distance', comments: `Entrevista ${i} realizada en campo`,
    },
    startedAt: new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString(),
    finalizedAt: i % 4 === 0 ? null : new Date(Date.UTC(2024, 0, 1) + i * 600_000 + 900_000).toISOString(),
    enumerator: `Enumerador ${i % ENUMERATORS}`,
    device: DEVICE,
    location: { latitude: 13.7 + (i % 100) / 1000, longitude: -89.2 - (i % 100) / 1000, accuracy: 8 },
    history: [],
  };
  return envelope('response', `${formId}-${String(i).padStart(6, '0')}`, data, i);
}

/** Stores records given by their data, each stamped by envelope(), through the write path of imports and sync. */
export async function storeData(items: readonly { kind: Kind; id: string; data: object }[]): Promise<void> {
  const db = await openDatabase();
  const records = items.map(({ kind, id, data }, i) => envelope(kind, id, data, i));
  for (let i = 0; i < records.length; i += CHUNK) await applyMerged(records.slice(i, i + CHUNK), {}, db);
  db.close();
}

/** Stores the form and `total` responses, generated a chunk at a time (memory holds one); returns the ms the writes took. */
export async function storeSurvey(formId: string, total: number): Promise<number> {
  const db = await openDatabase();
  let ms = await timed(() => applyMerged([form(formId)], {}, db));
  for (let from = 0; from < total; from += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, total - from) }, (_, k) => response(formId, from + k));
    ms += await timed(() => applyMerged(chunk, {}, db));
  }
  db.close();
  return ms;
}

async function timed(write: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await write();
  return performance.now() - started;
}

