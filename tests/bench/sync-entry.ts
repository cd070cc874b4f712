// Bundled by sync.mjs and run in the page: our sync (push from one device, pull into a
// fresh one) and PouchDB's own replication (from its IndexedDB adapter) of the same
// documents to and from the same server.

import PouchDB from 'pouchdb-browser';
import { openDatabase } from '../../src/lib/db/database';
import { CouchClient } from '../../src/lib/sync/couch-client';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { toDoc } from '../../src/lib/sync/documents';
import type { Envelope } from '../../src/lib/domain/types';

const HLC = '2024-01-01T00:00:00.000Z-0000-bench';

function envelope(id: string, kind: 'project' | 'response', data: Record<string, unknown>, fieldHlc: Record<string, string>): Envelope {
  return {
    ...data,
    id,
    kind,
    hlc: HLC,
    fieldHlc,
    deviceId: 'bench',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    deleted: false,
    dirty: 1,
  } as unknown as Envelope;
}

/** A project as a device stores it, dirty, with deterministic content. */
function project(i: number): Envelope {
  const data = {
    code: `B/${i}`,
    title: { es: `Proyecto ${i}`, en: `Project ${i}` },
    description: { es: 'Descripción de prueba del proyecto.' },
    country: 'SV',
    region: 'Central America',
    status: 'active',
    start: '2020-01-01',
    end: '2024-12-31',
    budget: { amount: i * 10, currency: 'USD' },
    funding: 'RBSA',
    partners: ['ISSS'],
    sdgTargets: ['1.3'],
    links: [],
  };
  const fieldHlc = Object.fromEntries([...Object.keys(data), 'deleted'].map((key) => [key, HLC]));
  return envelope(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'project', data, fieldHlc);
}

/**
 * A finalized interview of the coverage survey as a device stores it: about thirty
 * answers, each with its own clock (answers merge question by question), a household
 * repeat of two instances and one correction in its history.
 */
function response(i: number): Envelope {
  const departments = ['SV-SS', 'SV-LI', 'SV-SA', 'SV-SM'];
  const answers: Record<string, unknown> = {
    consent: '1',
    department: departments[i % departments.length],
    area: i % 3 ? 'urban' : 'rural',
    sex: i % 2 ? 'female' : 'male',
    age: String(18 + (i % 50)),
    worked_last_week: '1',
    status_employment: ['employee', 'domestic', 'own_account', 'employer', 'family'][i % 5],
    branch: ['agriculture', 'commerce', 'services'][i % 3],
    isss_affiliated: i % 4 ? '0' : '1',
    pension_contrib: i % 3 ? '0' : '1',
    months_contributed: String(i % 13),
    income: String(150 + (i % 700)),
    reasons_no: 'cost unaware',
    comments: `Entrevista ${i}: la persona trabaja por cuenta propia en el mercado municipal.`,
  };
  for (let q = 0; q < 16; q++) answers[`q${q}`] = `respuesta ${q} de la entrevista ${i}`;
  answers.household = [0, 1].map((n) => ({ '#id': `000000000-000${n}`, member_age: String(5 + n * 30), member_sex: n ? 'female' : 'male' }));
  const history = [{ id: `edit-${i}`, at: '2024-01-02T00:00:00.000Z', by: 'supervisor', question: 'age', oldValue: '17', newValue: answers.age }];
  const data = {
    formId: 'ss_coverage_slv',
    formVersion: '2025011501',
    projectId: 'p1',
    status: 'finalized',
    answers,
    startedAt: '2024-01-01T00:00:00.000Z',
    finalizedAt: '2024-01-01T00:30:00.000Z',
    enumerator: `enumerator ${i % 40}`,
    device: 'bench',
    location: { latitude: 13.7, longitude: -89.2 },
    history,
  };
  const fieldHlc: Record<string, string> = {};
  for (const key of [...Object.keys(data), 'deleted']) if (key !== 'answers' && key !== 'history') fieldHlc[key] = HLC;
  for (const [name, value] of Object.entries(answers)) {
    if (typeof value === 'string') fieldHlc[`answers/${name}`] = HLC;
    else
      for (const instance of value as Record<string, string>[]) {
        fieldHlc[`answers/${name}/#${instance['#id']}`] = HLC;
        for (const key of Object.keys(instance)) if (key !== '#id') fieldHlc[`answers/${name}/#${instance['#id']}/${key}`] = HLC;
      }
  }
  for (const entry of history) fieldHlc[`history/${entry.id}`] = HLC;
  return envelope(`00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, 'response', data, fieldHlc);
}

export type BenchKind = 'project' | 'response';

function records(kind: BenchKind, count: number): Envelope[] {
  return Array.from({ length: count }, (_, i) => (kind === 'project' ? project(i) : response(i)));
}

type Timing = { ms: number; pushMs: number; pullMs: number; pulled: number };

export async function ours(url: string, database: string, count: number, kind: BenchKind = 'project'): Promise<Timing> {
  const a = await openDatabase(`bench-sync-a-${Date.now()}`);
  // With meta, as every write of records: change numbers and indicator aggregates live there.
  await a.transaction('rw', a.recordTable(kind), a.meta, () => a.recordTable(kind).bulkAdd(records(kind, count) as never));
  const start = performance.now();
  await syncOnce(new CouchClient({ url, database }), a);
  const pushed = performance.now();
  const b = await openDatabase(`bench-sync-b-${Date.now()}`);
  await syncOnce(new CouchClient({ url, database }), b);
  const ms = performance.now() - start;
  return { ms, pushMs: pushed - start, pullMs: ms - (pushed - start), pulled: await b.recordTable(kind).count() };
}

// PouchDB replicates exactly the documents our sync puts on the wire (toDoc: shape 3,
// compact clocks), so that the ratio compares the two replications, not two encodings.
export async function pouch(url: string, database: string, count: number, kind: BenchKind = 'project'): Promise<Timing> {
  const a = new PouchDB(`bench-pouch-a-${Date.now()}`);
  await a.bulkDocs(records(kind, count).map((record) => toDoc(record)));
  const remote = new PouchDB(`${url}/${database}`);
  const start = performance.now();
  await a.replicate.to(remote);
  const pushed = performance.now();
  const b = new PouchDB(`bench-pouch-b-${Date.now()}`);
  await b.replicate.from(remote);
  const ms = performance.now() - start;
  return { ms, pushMs: pushed - start, pullMs: ms - (pushed - start), pulled: (await b.info()).doc_count };
}
