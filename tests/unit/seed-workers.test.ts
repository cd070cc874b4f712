// The seed project's sample case list: registrations and follow-ups stored as responses,
// the workers as entities that agree with them, valid as any device would receive them,
// and the indicator counted from the list.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyMerged, openDatabase, seedOnce, type PisoDatabase } from '../../src/lib/db';
import { buildAggregates, ensureAggregates, readAggregate } from '../../src/lib/db/indicator-aggregates';
import { compareHlc } from '../../src/lib/domain/hlc';
import { checkRecord } from '../../src/lib/domain/schemas';
import { SEED_HLC, seedEnvelope } from '../../src/lib/domain/seed-data';
import { SEED_RECORDS, SEED_WORKERS_INDICATOR } from '../../src/lib/domain/seed-records';
import { SEED_WORKER_COUNT, SEED_WORKER_RECORDS } from '../../src/lib/domain/seed-workers';
import type { Entity, Envelope, FormData, SurveyResponse } from '../../src/lib/domain/types';
import { WORKER_FOLLOWUP } from '../../src/lib/domain/worker-followup-form';
import { WORKER_REGISTRATION } from '../../src/lib/domain/worker-registration-form';
import { entityActions, FormSession } from '../../src/lib/forms/engine';
import { parseExpression } from '../../src/lib/forms/expr';
import { findQuestion } from '../../src/lib/forms/model';
import { WORKERS_AFFILIATED, groupLevels } from '../../src/lib/indicators';

const envelopes = SEED_WORKER_RECORDS.map((r) => seedEnvelope(r));
const entities = envelopes.filter((r) => r.kind === 'entity') as unknown as Entity[];
const responses = envelopes.filter((r) => r.kind === 'response') as unknown as SurveyResponse[];
const responseById = new Map(responses.map((r) => [r.id, r]));

describe('the sample case list', () => {
  it('registers a few dozen workers, a third of them followed up', () => {
    expect(entities).toHaveLength(SEED_WORKER_COUNT);
    expect(responses.filter((r) => r.formId === WORKER_REGISTRATION.formId)).toHaveLength(SEED_WORKER_COUNT);
    const followups = responses.filter((r) => r.formId === WORKER_FOLLOWUP.formId);
    expect(followups.length).toBeGreaterThanOrEqual(SEED_WORKER_COUNT / 3);
    expect(new Set(entities.filter((e) => e.visits.length > 1).map((e) => e.id)).size).toBeGreaterThanOrEqual(SEED_WORKER_COUNT / 3);
    // Both sexes, several departments, every status in employment.
    expect(new Set(entities.map((e) => e.properties.sex))).toEqual(new Set(['female', 'male']));
    expect(new Set(entities.map((e) => e.properties.department)).size).toBeGreaterThan(6);
    expect(new Set(entities.map((e) => e.properties.status_employment)).size).toBe(5);
  });

  it('agrees with its responses: each visit names the response that set what it says', () => {
    for (const entity of entities) {
      const [create, ...updates] = entity.visits;
      const registration = responseById.get(create.responseId)!;
      expect(create).toMatchObject({ action: 'create', formId: 'worker_registration', at: registration.finalizedAt, by: registration.enumerator });
      const { name, ...answers } = registration.answers as Record<string, string>;
      expect(create.set).toEqual({ label: entity.label, full_name: name, ...answers });
      expect(entity.label.startsWith(`${name} — `)).toBe(true);
      const expected: Record<string, string> = { full_name: name, ...answers };
      for (const visit of updates) {
        const followup = responseById.get(visit.responseId)!;
        const a = followup.answers as Record<string, string>;
        expect(a.worker).toBe(entity.entityId);
        // What the form read from the list before the visit changed it.
        expect(a.current_isss).toBe(expected.isss_status);
        expect(visit.set).toEqual({ isss_status: a.isss_status, contrib_months: a.contrib_months, last_visit: a.visit_date });
        Object.assign(expected, visit.set);
      }
      expect(entity.properties).toEqual(expected);
      // Each property carries the clock of the visit that last set it, each visit its own.
      for (const [p] of Object.entries(entity.properties)) {
        const last = [...entity.visits].reverse().find((v) => p in v.set)!;
        expect(entity.fieldHlc[`properties/${p}`]).toBe(last.hlc);
      }
      for (const v of entity.visits) expect(entity.fieldHlc[`visits/${v.id}`]).toBe(v.hlc);
      expect(entity.hlc).toBe(entity.visits[entity.visits.length - 1].hlc);
      // A visit saw the clocks the previous visit left.
      updates.forEach((visit, i) => expect(visit.seen.isss_status).toBe(entity.visits[i].hlc));
    }
  });

  it('is what the forms themselves do: each response, replayed in its form, acts on its entity as stored', () => {
    for (const entity of entities) {
      const [create, ...updates] = entity.visits;
      const registration = new FormSession(WORKER_REGISTRATION, responseById.get(create.responseId)!.answers, { lang: 'es' });
      const { label, ...properties } = create.set;
      expect(entityActions(registration)).toEqual([{ list: 'workers', action: 'create', entityId: '', label, properties }]);
      // The list as the device held it before each follow-up: what the follow-up read.
      const item: Record<string, string> = { name: entity.entityId, label, ...properties };
      for (const visit of updates) {
        const { answers } = responseById.get(visit.responseId)!;
        const followup = new FormSession(WORKER_FOLLOWUP, { worker: entity.entityId }, { lang: 'es', lists: new Map([['workers', [item]]]) });
        expect(followup.cell('current_isss', followup.root)!.value).toBe(answers.current_isss);
        expect(followup.cell('current_isss_label', followup.root)!.value).toBe(answers.current_isss_label);
        const replayed = new FormSession(WORKER_FOLLOWUP, answers, { lang: 'es', lists: new Map([['workers', [item]]]) });
        expect(entityActions(replayed)).toEqual([{ list: 'workers', action: 'update', entityId: entity.entityId, properties: visit.set }]);
        Object.assign(item, visit.set);
      }
    }
  });

  it('is written before the seed clock, so that every later edit wins over it', () => {
    for (const r of envelopes) {
      expect(compareHlc(r.hlc, SEED_HLC)).toBe(-1);
      for (const clock of Object.values(r.fieldHlc)) expect(compareHlc(clock, r.hlc)).toBeLessThanOrEqual(0);
    }
  });

  it('is what any device accepts from another: valid records, answers that fit their forms', () => {
    const forms = new Map<string, FormData>([WORKER_REGISTRATION, WORKER_FOLLOWUP].map((f) => [`${f.formId}@${f.version}`, f]));
    const expression = (source: string) => {
      try {
        parseExpression(source);
        return true;
      } catch {
        return false;
      }
    };
    const { dirty: _d, ...indicator } = seedEnvelope(SEED_WORKERS_INDICATOR);
    void _d;
    for (const { dirty: _dirty, ...record } of [...envelopes, indicator]) {
      void _dirty;
      const checked = checkRecord(record, { form: (id, version) => forms.get(`${id}@${version}`), expression });
      expect(checked.ok ? 'ok' : `${record.id}: ${JSON.stringify(checked.refusal)}`).toBe('ok');
    }
    // Every answer names a question of its form.
    for (const r of responses) {
      const form = r.formId === WORKER_REGISTRATION.formId ? WORKER_REGISTRATION : WORKER_FOLLOWUP;
      for (const name of Object.keys(r.answers)) expect(findQuestion(form, name), name).toBeDefined();
    }
  });
});

describe('seeded', () => {
  let db: PisoDatabase;
  let run = 0;
  beforeEach(async () => {
    db = await openDatabase(`seed-workers-${++run}`);
  });

  it('gives the share of registered workers affiliated to ISSS, by sex, from the list', async () => {
    await seedOnce(undefined, db);
    expect(await db.entities.count()).toBe(SEED_WORKER_COUNT);
    await ensureAggregates(db, [WORKERS_AFFILIATED]);
    await buildAggregates(db);
    const result = (await readAggregate(db, WORKERS_AFFILIATED, groupLevels(WORKERS_AFFILIATED, WORKER_REGISTRATION)))!;
    const affiliated = (sex?: string) => entities.filter((e) => (!sex || e.properties.sex === sex) && e.properties.isss_status === 'affiliated').length;
    const all = (sex: string) => entities.filter((e) => e.properties.sex === sex).length;
    expect(result.total).toMatchObject({ numerator: affiliated(), denominator: SEED_WORKER_COUNT });
    expect(result.groups.map((g) => [g.values.sex, g.numerator, g.denominator])).toEqual([
      ['female', affiliated('female'), all('female')],
      ['male', affiliated('male'), all('male')],
    ]);
    // The follow-ups moved it: more are affiliated now than when they were registered.
    const atRegistration = entities.filter((e) => e.visits[0].set.isss_status === 'affiliated').length;
    expect(affiliated()).toBeGreaterThan(atRegistration);
    expect(result.formVersions).toEqual([WORKER_REGISTRATION.version]);
  });

  it('is the same on two devices, which merge without change', async () => {
    await seedOnce(undefined, db);
    const other = await openDatabase(`seed-workers-other-${run}`);
    await seedOnce(undefined, other);
    const theirs = [...(await other.entities.toArray()), ...(await other.responses.toArray()), ...(await other.indicators.toArray())] as unknown as Envelope[];
    expect(await applyMerged(theirs, {}, db)).toEqual({ added: 0, updated: 0, unchanged: theirs.length });
    other.close();
  });

  it('holds the pair of forms for the seed project', () => {
    const forms = SEED_RECORDS.filter((r) => r.kind === 'form').map((r) => r.data as FormData);
    expect(forms.map((f) => f.formId)).toEqual(['ss_coverage_slv', 'worker_registration', 'worker_followup']);
    expect(new Set(forms.map((f) => f.projectId))).toEqual(new Set([forms[0].projectId]));
  });
});
