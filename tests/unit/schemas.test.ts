// The one record check (domain/schemas checkRecord): what this app writes passes, and
// every kind of malformed field is refused with a reason and the field's path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importXlsForm } from '../../src/lib/forms/xlsform';
import { checkRecord, type CheckContext } from '../../src/lib/domain/schemas';
import { ArrivalForms } from '../../src/lib/db/arrival';
import { seedOnce } from '../../src/lib/db/seed';
import { RECORD_TABLES } from '../../src/lib/db/schema';
import { coverageIndicators } from '../../src/lib/indicators/coverage-definitions';
import { WORKERS_AFFILIATED } from '../../src/lib/indicators/entity-definitions';
import type { AnyRecord, Form } from '../../src/lib/domain/types';
import { freshDatabase, populate, repos } from './bundle-fixtures';

async function sample() {
  const db = await freshDatabase();
  const made = await populate(db);
  const computed = await repos(db).indicators.create({ ...coverageIndicators(made.outcome.id)[0] } as never);
  const forms = new ArrivalForms();
  forms.add(made.form as Form);
  return { db, made, computed: computed as AnyRecord, context: forms.context() };
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
