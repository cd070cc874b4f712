// The one record check (domain/schemas checkRecord): what this app writes passes, and
// every kind of malformed field is refused with a reason and the field's path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importXlsForm } from '../../src/lib/forms/xlsform';
import { checkRecord, type CheckContext } from '../../src/lib/domain/schemas';
import { mergeRecords, replicated } from '../../src/lib/domain/merge';
import { ArrivalForms } from '../../src/lib/db/arrival';
import { seedOnce } from '../../src/lib/db/seed';
import { RECORD_TABLES } from '../../src/lib/db/schema';
import { coverageIndicators } from '../../src/lib/indicators/coverage-definitions';
import { WORKERS_AFFILIATED } from '../../src/lib/indicators/entity-definitions';
import { entityRecordId, type AnyRecord, type Entity, type Form } from '../../src/lib/domain/types';
import { freshDatabase, populate, registerEntity, repos, visitEntity } from './bundle-fixtures';

async function sample() {
  const db = await freshDatabase();
  const made = await populate(db);
  const computed = await repos(db).indicators.create({ ...coverageIndicators(made.outcome.id)[0] } as never);
  const forms = new ArrivalForms();
  forms.add(made.form as Form);
  await registerEntity(db, 'workers', 'w-1', 'Rosa Pérez', { department: 'SV-SS', status: 'informal' }, { formId: 'coverage' });
  const entity = await visitEntity(db, 'workers:w-1', { status: 'formal' }, { formId: 'follow-up' });
  return { db, made, computed: computed as AnyRecord, context: forms.context(), entity };
}

const refusalOf = (record: unknown, context: CheckContext = {}) => {
  const result = checkRecord(record, context);
  return result.ok ? undefined : result.refusal;
};

describe('checkRecord accepts what the app writes', () => {
  it('every seeded and created record, of every kind', async () => {
    const { db, computed, context } = await sample();
    await seedOnce(undefined, db);
    const all = (await Promise.all(RECORD_TABLES.map((name) => db.table<AnyRecord>(name).toArray()))).flat();
    expect(all.length).toBeGreaterThan(10);
    for (const record of [...all, computed]) expect([record.kind, record.id, refusalOf(record, context)]).toEqual([record.kind, record.id, undefined]);
  });

  it('every form the XLSForm importer makes of the sample forms', async () => {
    const dir = join(import.meta.dirname, 'fixtures/xlsform-samples');
    const { made } = await sample();
    let checked = 0;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.xlsx'))) {
      const result = await importXlsForm(new Uint8Array(readFileSync(join(dir, file))), { fileName: file });
      if (!result.ok) continue;
      // As it travels: JSON, in the envelope of a stored form.
      const record = JSON.parse(JSON.stringify({ ...made.form, ...result.form }));
      expect([file, refusalOf(record)]).toEqual([file, undefined]);
      checked++;
    }
    // The others name media files that did not ship with the samples: the importer refuses them.
    expect(checked).toBeGreaterThan(12);
  }, 60_000);

  it('far-future clocks (the clock guard, not the schema, deals with them)', async () => {
    const { made } = await sample();
    const future = '2999-01-01T00:00:00.000Z-0000-elsewhere';
    expect(refusalOf({ ...made.project, hlc: future, fieldHlc: { ...made.project.fieldHlc, code: future } })).toBeUndefined();
  });
});

describe('checkRecord refuses, naming the record and the field', () => {
  it('answers that are not text or repeat instances, and answers the form cannot hold', async () => {
    const { made, context } = await sample();
    const response = made.responses[0];
    expect(refusalOf({ ...response, answers: { ...response.answers, name: 42 } })).toMatchObject({
      reason: 'wrongType',
      field: 'answers/name',
      kind: 'response',
      recordId: response.id,
      label: 'coverage',
    });
    // An object answer is read as a file (hash, name, type, size): this one has no hash.
    expect(refusalOf({ ...response, answers: { ...response.answers, name: { first: 'Ana' } } })).toMatchObject({ field: 'answers/name/hash' });
    // Valid answers in general, but not for this form: a repeat given as text, text given as a list.
    expect(refusalOf({ ...response, answers: { ...response.answers, member: 'two' } }, context)).toMatchObject({
      reason: 'answerType',
      field: 'answers/member',
      params: { type: 'repeat' },
    });
    expect(refusalOf({ ...response, answers: { ...response.answers, name: [{ a: 'b' }] } }, context)).toMatchObject({
      reason: 'answerType',
      field: 'answers/name',
      params: { type: 'text' },
    });
    expect(refusalOf({ ...response, answers: { ...response.answers, member: [{ age: [{ years: '3' }] }] } }, context)).toMatchObject({
      reason: 'answerType',
      field: 'answers/member/0/age',
      params: { type: 'integer' },
    });
    expect(refusalOf({ ...response, answers: { ...response.answers, member: [{ age: ['x'] }] } })).toMatchObject({ reason: 'wrongType', field: 'answers/member/0/age/0' });
    expect(refusalOf({ ...response, answers: { ...response.answers, member: [{ '#id': [], age: '3' }] } }, context)).toMatchObject({
      reason: 'wrongType',
      field: 'answers/member/0/#id',
    });
    // Without the form, a list where it wants text is still a valid answer.
    expect(refusalOf({ ...response, answers: { ...response.answers, name: [{ a: 'b' }] } })).toBeUndefined();
    expect(refusalOf({ ...response, history: [{ at: 'now', by: 'x', question: 'name', oldValue: null, newValue: 'b' }] })).toMatchObject({
      reason: 'badFormat',
      field: 'history/0/at',
    });
  });

  it('malformed periods and computed definitions', async () => {
    const { made, computed } = await sample();
    const indicator = { ...made.indicator, periods: [{ start: '2020-01-01', end: '2020-12-31', targets: [], actuals: [{ value: '12', dimensions: {} }] }] };
    expect(refusalOf(indicator)).toMatchObject({ reason: 'wrongType', field: 'periods/0/actuals/0/value', kind: 'indicator', label: 'Cobertura' });
    expect(refusalOf({ ...made.indicator, periods: [{ start: 'soon', end: '', targets: [], actuals: [] }] })).toMatchObject({ field: 'periods/0/start' });
    expect(refusalOf({ ...made.indicator, periods: {} })).toMatchObject({ field: 'periods' });
    const def = computed.computed as Record<string, unknown>;
    expect(refusalOf({ ...computed, computed: { ...def, value: { kind: 'median', value: '${x}' } } })).toMatchObject({ reason: 'unknownValue', field: 'computed/value/kind' });
    expect(refusalOf({ ...computed, computed: { ...def, value: { kind: 'mean', value: '${x}', divisor: 0 } } })).toMatchObject({ reason: 'badFormat', field: 'computed/value/divisor' });
    expect(refusalOf({ ...computed, computed: { ...def, denominator: undefined } })).toMatchObject({ reason: 'missing', field: 'computed/denominator' });
    const expression = new ArrivalForms().context().expression;
    expect(refusalOf({ ...computed, computed: { ...def, denominator: '${employed} = = (' } }, { expression })).toMatchObject({
      reason: 'badExpression',
      field: 'computed/denominator',
    });
  });

  it('malformed questions, choices and attachments', async () => {
    const { made } = await sample();
    const form = made.form as Form;
    expect(refusalOf({ ...form, questions: [...form.questions, { type: 'teleport', name: 'x' }] })).toMatchObject({ reason: 'unknownValue', field: 'questions/5/type' });
    expect(refusalOf({ ...form, questions: [{ type: 'group', name: 'g', children: [{ type: 'text', name: 7 }] }] })).toMatchObject({ field: 'questions/0/children/0/name' });
    expect(refusalOf({ ...form, choices: { sex: [{ name: 'f', label: 'Mujer' }] } })).toMatchObject({ field: 'choices/sex/0/label' });
    expect(refusalOf({ ...form, attachments: [{ name: 'a.csv', type: 'text/csv', text: 'x'.repeat(2_000_000) }] })).toBeUndefined();
    expect(refusalOf({ ...form, attachments: [{ name: 'a.csv', type: 'text/csv', text: 'x'.repeat(10_000_000) }] })).toMatchObject({ reason: 'tooLong' });
  });

  it('entities posing as another, with bad visits or huge values', async () => {
    const { entity } = await sample();
    const visit = entity.visits[1];
    const named = { kind: 'entity', recordId: 'workers:w-1', label: 'Rosa Pérez' };
    // The id is the list and the entity id: neither another entity's nor another list's.
    expect(refusalOf({ ...entity, entityId: 'w-2' })).toMatchObject({ reason: 'badFormat', field: 'id', ...named });
    expect(refusalOf({ ...entity, list: 'households' })).toMatchObject({ reason: 'badFormat', field: 'id' });
    expect(refusalOf({ ...entity, id: 'households:w-1', list: 'households' })).toBeUndefined();
    // A list name is an XML name: never the id's ":".
    expect(refusalOf({ ...entity, id: 'a:b:w-1', list: 'a:b' })).toMatchObject({ reason: 'badFormat', field: 'list' });
    expect(refusalOf({ ...entity, entityId: '' })).toMatchObject({ field: 'entityId' });
    const visits = (change: Record<string, unknown>) => ({ ...entity, visits: [entity.visits[0], { ...visit, ...change }] });
    expect(refusalOf(visits({ action: 'delete' }))).toMatchObject({ reason: 'unknownValue', field: 'visits/1/action' });
    expect(refusalOf(visits({ hlc: 'yesterday' }))).toMatchObject({ reason: 'badFormat', field: 'visits/1/hlc' });
    expect(refusalOf(visits({ at: 'soon' }))).toMatchObject({ reason: 'badFormat', field: 'visits/1/at' });
    expect(refusalOf(visits({ responseId: undefined }))).toMatchObject({ reason: 'missing', field: 'visits/1/responseId' });
    expect(refusalOf(visits({ set: { status: 7 } }))).toMatchObject({ reason: 'wrongType', field: 'visits/1/set/status' });
    expect(refusalOf(visits({ seen: { status: 'before' } }))).toMatchObject({ reason: 'badFormat', field: 'visits/1/seen/status' });
    expect(refusalOf({ ...entity, visits: {} })).toMatchObject({ reason: 'wrongType', field: 'visits' });
    expect(refusalOf({ ...entity, properties: { status: ['formal'] } })).toMatchObject({ reason: 'wrongType', field: 'properties/status' });
    expect(refusalOf({ ...entity, properties: { notes: 'x'.repeat(200_000) } })).toMatchObject({ reason: 'tooLong', field: 'properties/notes' });
    expect(refusalOf({ ...entity, label: 'x'.repeat(10 << 20) })).toMatchObject({ reason: 'tooLong', field: 'label' });
    expect(refusalOf({ ...entity, entityId: 'w'.repeat(300), id: `workers:${'w'.repeat(300)}` })).toMatchObject({ reason: 'tooLong' });
    expect(refusalOf({ ...entity, properties: JSON.parse('{"__proto__":{"polluted":1}}') })).toMatchObject({ reason: 'forbiddenKey', field: 'properties/__proto__' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refusalOf(entity as Entity)).toBeUndefined();
  });

  it('1,000 mutated entities: each refused with a reason, or plain data that merges', async () => {
    const { entity } = await sample();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
    const values = [null, 0, -1, 1e308, '', 'x', 'x'.repeat(300), true, [], {}, [{}], { a: 1 }, '2026-01-01T00:00:00.000Z', 'workers', 'a:b'];
    const reasons = new Set(['forbiddenKey', 'tooLong', 'tooDeep', 'missing', 'wrongType', 'unknownValue', 'badFormat', 'unknownKind']);
    let refused = 0;
    for (let n = 0; n < 1000; n++) {
      const copy = structuredClone(entity) as unknown as Record<string, unknown>;
      // A field, or a field of a visit, set to another value, dropped, or given a new key.
      const holder = rnd() < 0.4 ? (pick(copy.visits as Record<string, unknown>[]) ?? copy) : rnd() < 0.5 ? (copy.properties as Record<string, unknown>) : copy;
      const key = rnd() < 0.8 ? pick(Object.keys(holder)) : pick(['extra', '__proto__', 'constructor']);
      if (rnd() < 0.2) delete holder[key];
      else Object.defineProperty(holder, key, { value: pick(values), enumerable: true, configurable: true, writable: true });
      const result = checkRecord(JSON.parse(JSON.stringify(copy)));
      if (!result.ok) {
        refused++;
        expect(reasons.has(result.refusal.reason), `${key}: ${result.refusal.reason}`).toBe(true);
        // Named as an entity, unless its kind is what was changed.
        expect(result.refusal.kind).toBe(result.refusal.reason === 'unknownKind' ? undefined : 'entity');
        continue;
      }
      const ok = result.record as unknown as Entity;
      expect(ok.id).toBe(entityRecordId(ok.list, ok.entityId));
      expect(Object.values(ok.properties).every((value) => typeof value === 'string')).toBe(true);
      expect(ok.visits.every((visit) => typeof visit.id === 'string' && typeof visit.hlc === 'string')).toBe(true);
      // What passes merges with what the device holds, either way round, to the same record.
      expect(replicated(mergeRecords(entity, ok))).toEqual(replicated(mergeRecords(ok, entity)));
    }
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(1000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('prototype keys, 10 MB strings, bad clocks, unknown kinds, envelopes', async () => {
    const { made } = await sample();
    const project = made.project;
    expect(refusalOf(JSON.parse(JSON.stringify(project).replace('{', '{"__proto__":{"polluted":1},')))).toMatchObject({ reason: 'forbiddenKey', field: '__proto__', params: { key: '__proto__' } });
    expect(refusalOf({ ...project, title: JSON.parse('{"es":"x","constructor":{"prototype":{"polluted":1}}}') })).toMatchObject({ reason: 'forbiddenKey', field: 'title/constructor' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refusalOf({ ...project, region: 'x'.repeat(10 << 20) })).toMatchObject({ reason: 'tooLong', field: 'region', label: 'SLV/16/03/RBS' });
    expect(refusalOf({ ...project, description: { es: 'x'.repeat(200_000) } })).toMatchObject({ reason: 'tooLong', field: 'description/es' });
    expect(refusalOf({ ...project, hlc: 'yesterday' })).toMatchObject({ reason: 'badFormat', field: 'hlc' });
    expect(refusalOf({ ...project, fieldHlc: { 'answers/x': 'soon' } })).toMatchObject({ reason: 'badFormat', field: 'fieldHlc/answers/x' });
    expect(refusalOf({ ...project, kind: 'user' })).toMatchObject({ reason: 'unknownKind', field: 'kind', kind: undefined });
    expect(refusalOf({ ...project, code: undefined })).toMatchObject({ reason: 'missing', field: 'code' });
    expect(refusalOf({ ...project, deleted: 'no' })).toMatchObject({ reason: 'wrongType', field: 'deleted' });
    expect(refusalOf({ ...project, extra: JSON.parse('['.repeat(100) + ']'.repeat(100)) })).toMatchObject({ reason: 'tooDeep' });
    expect(refusalOf([1, 2])).toMatchObject({ reason: 'notObject' });
  });
});

describe('checkRecord: an indicator counted over an entity list', () => {
  it('takes source {entities: list name} and refuses a hostile one', async () => {
    const { computed } = await sample();
    const over = (source: unknown) => ({ ...computed, computed: { ...WORKERS_AFFILIATED, source } });
    expect(refusalOf(over({ entities: 'workers' }))).toBeUndefined();
    expect(refusalOf(over(undefined))).toBeUndefined();
    expect(refusalOf(over('workers'))).toMatchObject({ reason: 'wrongType', field: 'computed/source' });
    expect(refusalOf(over({}))).toMatchObject({ reason: 'missing', field: 'computed/source/entities' });
    expect(refusalOf(over({ entities: '' }))).toMatchObject({ field: 'computed/source/entities' });
    expect(refusalOf(over({ entities: 'workers:1' }))).toMatchObject({ reason: 'badFormat', field: 'computed/source/entities' });
    expect(refusalOf(over({ entities: '<script>alert(1)</script>' }))).toMatchObject({ reason: 'badFormat', field: 'computed/source/entities' });
    expect(refusalOf(over({ entities: 'w'.repeat(10 << 20) }))).toMatchObject({ reason: 'tooLong', field: 'computed/source/entities' });
    expect(refusalOf(over({ entities: 'workers', __proto__: { polluted: 1 } }))).toBeUndefined();
  });
});
