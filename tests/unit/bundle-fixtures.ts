// Shared by the bundle tests: fresh databases, one record of every kind, and a dump of
// a whole database to compare before and after. Shared by the sync tests too: entities
// registered and visited as a finalized response does it (with their visits).
import { openDatabase, type PisoDatabase } from '../../src/lib/db/database';
import { Repository } from '../../src/lib/db/repository';
import { RECORD_TABLES } from '../../src/lib/db/schema';
import { RESPONSE_INDEX_FIELDS } from '../../src/lib/db/response-index';
import { nextStamp, stampInMemory } from '../../src/lib/db/clock';
import { canonicalJson, replicated } from '../../src/lib/domain/merge';
import { stampNew } from '../../src/lib/domain/record-stamp';
import { entityRecordId, type AnyRecord, type DataOf, type Entity, type EntityVisit, type Form, type Outcome, type Project, type SurveyResponse } from '../../src/lib/domain/types';

let counter = 0;
export async function freshDatabase(): Promise<PisoDatabase> {
  return openDatabase(`bundle-test-${Date.now()}-${counter++}`);
}

export const repos = (db: PisoDatabase) => ({
  projects: new Repository<Project>('project', () => db),
  outcomes: new Repository<Outcome>('outcome', () => db),
  indicators: new Repository<AnyRecord>('indicator', () => db),
  forms: new Repository<Form>('form', () => db),
  responses: new Repository<SurveyResponse>('response', () => db),
  entities: new Repository<Entity>('entity', () => db),
});

export const projectData = (code: string, projectTitle = 'Título'): DataOf<Project> => ({
  code,
  title: { es: projectTitle, en: 'Title' },
  description: { es: 'Descripción' },
  country: 'SV',
  region: 'Central America',
  status: 'active',
  start: '2017-11-01',
  end: '2021-12-31',
  budget: { amount: 462640, currency: 'USD' },
  funding: 'RBSA',
  partners: ['ISSS'],
  sdgTargets: ['1.3', '3.8'],
  links: [],
});

export const formData = (formId: string, projectId: string | null = null): DataOf<Form> => ({
  formId,
  version: '1',
  title: { es: 'Encuesta', en: 'Survey' },
  languages: ['es', 'en'],
  defaultLanguage: 'es',
  questions: [
    { type: 'text', name: 'name', label: { es: 'Nombre', en: 'Name' } },
    { type: 'select_one', name: 'sex', listName: 'sex', label: { es: 'Sexo', en: 'Sex' } },
    { type: 'select_multiple', name: 'cover', listName: 'cover', label: { es: 'Cobertura', en: 'Coverage' } },
    { type: 'note', name: 'info', label: { es: 'Nota' } },
    {
      type: 'group',
      name: 'g',
      children: [
        {
          type: 'repeat',
          name: 'member',
          label: { es: 'Miembro', en: 'Member' },
          children: [{ type: 'integer', name: 'age', label: { es: 'Edad', en: 'Age' } }],
        },
      ],
    },
  ],
  choices: {
    sex: [
      { name: 'f', label: { es: 'Mujer', en: 'Woman' } },
      { name: 'm', label: { es: 'Hombre', en: 'Man' } },
    ],
    cover: [
      { name: 'isss', label: { es: 'ISSS', en: 'ISSS' } },
      { name: 'ipsfa', label: { es: 'IPSFA', en: 'IPSFA' } },
      { name: 'none', label: { es: 'Ninguna', en: 'None' } },
    ],
  },
  warnings: [],
  projectId,
});

export const responseData = (formId: string, projectId: string | null, name = 'Ana'): DataOf<SurveyResponse> => ({
  formId,
  formVersion: '1',
  projectId,
  status: 'finalized',
  answers: { name, sex: 'f', cover: 'isss none', department: 'SV-SS', member: [{ age: '34' }, { age: '7' }] },
  startedAt: '2026-11-20T10:00:00.000Z',
  finalizedAt: '2026-11-20T10:20:00.000Z',
  enumerator: 'María',
  device: 'device-a',
  location: { latitude: 13.7, longitude: -89.2 },
  history: [],
});

/** One project with an outcome, an indicator, a form and two responses; plus another project's records. */
export async function populate(db: PisoDatabase) {
  const r = repos(db);
  const project = await r.projects.create(projectData('SLV/16/03/RBS'));
  const outcome = await r.outcomes.create({
    projectId: project.id,
    code: 'SLV 812',
    title: { es: 'Resultado' },
    start: '2018-01-01',
    end: '2019-12-31',
    country: 'SV',
    type: 'outcome',
  });
  const indicator = await r.indicators.create({ outcomeId: outcome.id, name: { es: 'Cobertura' }, measure: 'percentage' });
  const form = await r.forms.create(formData('coverage', project.id));
  const responses = [
    await r.responses.create(responseData('coverage', project.id, 'Ana')),
    await r.responses.create(responseData('coverage', project.id, 'Luis')),
  ];
  const other = await r.projects.create(projectData('SEN/240'));
  const otherForm = await r.forms.create(formData('other-form'));
  const otherResponse = await r.responses.create(responseData('other-form', other.id, 'Awa'));
  return { project, outcome, indicator, form, responses, other, otherForm, otherResponse };
}

/** Every replicated record, by table, sorted: what must be equal across devices. */
export async function dumpRecords(db: PisoDatabase): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const name of RECORD_TABLES) {
    const rows = (await db.table(name).toArray()) as AnyRecord[];
    out[name] = rows
      .map((row) => {
        const copy = replicated(row) as Record<string, unknown>;
        for (const field of RESPONSE_INDEX_FIELDS) delete copy[field];
        return copy;
      })
      .sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
  }
  return canonicalJson(out);
}

/** Everything stored, local fields and meta included: nothing at all may change. */
export async function dumpAll(db: PisoDatabase): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  return canonicalJson(out);
}

export async function blobText(blob: Blob): Promise<string> {
  return new TextDecoder().decode(await blob.arrayBuffer());
}

/** Which response visits an entity: its id and form. */
export interface VisitBy {
  responseId?: string;
  formId: string;
  by?: string;
}

function visitOf(entity: Pick<Entity, 'fieldHlc'> | undefined, action: EntityVisit['action'], set: Record<string, string>, by: VisitBy, hlc: string): EntityVisit {
  const responseId = by.responseId ?? crypto.randomUUID();
  const seen = Object.fromEntries(Object.keys(set).flatMap((name) => (entity?.fieldHlc[`properties/${name}`] ? [[name, entity.fieldHlc[`properties/${name}`]]] : [])));
  return { id: responseId, responseId, formId: by.formId, formVersion: '1', action, at: new Date().toISOString(), by: by.by ?? 'María', hlc, set, seen };
}

/** An entity as a finalized registration stores it: id `list:entityId`, every field under one clock, its first visit. */
export async function registerEntity(db: PisoDatabase, list: string, entityId: string, label: string, properties: Record<string, string>, by: VisitBy): Promise<Entity> {
  return db.transaction('rw', db.entities, db.meta, async () => {
    const stamp = await nextStamp(db);
    const now = new Date().toISOString();
    const visits = [visitOf(undefined, 'create', { label, ...properties }, by, stamp)];
    const { fields, fieldHlc } = stampNew('entity', Object.entries({ list, entityId, label, properties, visits }), stamp);
    const entity = { ...fields, id: entityRecordId(list, entityId), kind: 'entity', hlc: stamp, fieldHlc, deviceId: db.clock.deviceId, createdAt: now, updatedAt: now, deleted: false, dirty: 1 } as unknown as Entity;
    await db.entities.add(entity as never);
    return entity;
  });
}

/**
 * An entity known only from a follow-up that came before its registration (lib/db
 * entity-apply.ts): what the visit set, and an empty label and `deleted` without a clock,
 * so that the registration's own win over them in the merge.
 */
export async function followUpUnknown(db: PisoDatabase, list: string, entityId: string, set: Record<string, string>, by: VisitBy): Promise<Entity> {
  return db.transaction('rw', db.entities, db.meta, async () => {
    const stamp = await nextStamp(db);
    const now = new Date().toISOString();
    const visits = [visitOf(undefined, 'update', set, by, stamp)];
    const { fields, fieldHlc } = stampNew('entity', Object.entries({ list, entityId, properties: set, visits }), stamp);
    delete fieldHlc.deleted;
    const entity = { label: '', ...fields, id: entityRecordId(list, entityId), kind: 'entity', hlc: stamp, fieldHlc, deviceId: db.clock.deviceId, createdAt: now, updatedAt: now, deleted: false, dirty: 1 } as unknown as Entity;
    await db.entities.add(entity as never);
    return entity;
  });
}

/** A follow-up visit: it sets some properties and adds its visit, as a finalized follow-up does. */
export async function visitEntity(db: PisoDatabase, id: string, set: Record<string, string>, by: VisitBy): Promise<Entity> {
  const current = (await db.entities.get(id)) as unknown as Entity;
  const visit = visitOf(current, 'update', set, by, stampInMemory(db));
  return repos(db).entities.update(id, { properties: { ...current.properties, ...set }, visits: [...current.visits, visit] });
}
