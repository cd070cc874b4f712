// Indicators can never stop a write: bad definitions and unreadable answers mark their
// aggregate stale or invalid; changed and deleted indicators drop their aggregate.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyMerged, openDatabase, type PisoDatabase } from '../../src/lib/db';
import {
  AGGREGATES_KEY,
  aggregateKey,
  buildAggregates,
  ensureAggregates,
  invalidDefinitions,
  readAggregate,
  type StoredAggregates,
} from '../../src/lib/db/indicator-aggregates';
import { Repository } from '../../src/lib/db/repository';
import type { AnyRecord, ComputedIndicatorDefinition, Envelope } from '../../src/lib/domain/types';
import { EFFECTIVE_COVERAGE, computeIndicator } from '../../src/lib/indicators';
import { HAND_MADE, type TestResponse } from './indicators-fixtures';

let db: PisoDatabase;
let run = 0;
beforeEach(async () => {
  db = await openDatabase(`indicators-robust-${++run}`);
});

const H = '2026-03-01T00:00:00.000Z-0000-elsewhere';
const stored = (r: TestResponse) =>
  ({ ...r, kind: 'response', hlc: H, fieldHlc: { answers: H, status: H, deleted: H }, deviceId: 'elsewhere', createdAt: '', updatedAt: '', dirty: 0 }) as unknown as Envelope;
const put = (rs: TestResponse[]) => db.transaction('rw', db.responses, db.meta, () => db.responses.bulkPut(rs.map(stored) as AnyRecord[]));
const aggregates = async () => ((await db.meta.get(AGGREGATES_KEY))?.value ?? {}) as StoredAggregates;

const BROKEN: ComputedIndicatorDefinition = { ...EFFECTIVE_COVERAGE, key: 'imported.broken', denominator: "${worked_last_week}='yes' and (" };

function indicatorRecord(id: string, computed: ComputedIndicatorDefinition): Envelope {
  const data = { outcomeId: 'o1', name: { es: id }, measure: 'percentage', unit: '%', baseline: null, periods: [], disaggregations: [], source: '', notes: '', computed };
  const fieldHlc = Object.fromEntries([...Object.keys(data), 'deleted'].map((k) => [k, H]));
  return { ...data, id, kind: 'indicator', hlc: H, fieldHlc, deviceId: 'elsewhere', createdAt: '', updatedAt: '', deleted: false, dirty: 0 } as Envelope;
}

describe('an indicator that cannot be computed', () => {
  it('imported with a definition that does not parse, does not stop response writes', async () => {
    await put(HAND_MADE.slice(0, 4));
    await applyMerged([indicatorRecord('i-broken', BROKEN)], {}, db);
    // A screen showing it asks for both aggregates.
    await ensureAggregates(db, [EFFECTIVE_COVERAGE, BROKEN]);
    await buildAggregates(db);
    expect(await invalidDefinitions(db, [EFFECTIVE_COVERAGE, BROKEN])).toEqual([BROKEN.key]);
    expect(await readAggregate(db, BROKEN)).toBeNull();

    // Writes go on, by every path, and the good indicator follows them.
    await put(HAND_MADE.slice(4, 8));
    await applyMerged(HAND_MADE.slice(8).map(stored), {}, db);
    expect(await db.responses.count()).toBe(HAND_MADE.length);
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toEqual(computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE));
  });

  it('marks its aggregate stale when an answer cannot be read, then the worker rebuilds it without that response', async () => {
    await put(HAND_MADE);
    await ensureAggregates(db, [EFFECTIVE_COVERAGE]);
    await buildAggregates(db);
    // A number where the form has text: the expressions cannot read it.
    const odd = { ...HAND_MADE[0], answers: { ...HAND_MADE[0].answers, worked_last_week: 5 as unknown as string } };
    await put([odd]);
    expect((await db.responses.get(odd.id))?.answers).toMatchObject({ worked_last_week: 5 });
    expect((await aggregates())[aggregateKey(EFFECTIVE_COVERAGE)].stale).toBe(true);
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toBeNull();

    expect(await ensureAggregates(db, [EFFECTIVE_COVERAGE])).toBe(true);
    await buildAggregates(db, { chunkSize: 3 });
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toEqual(computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE.slice(1)));
    expect((await aggregates())[aggregateKey(EFFECTIVE_COVERAGE)].unreadable).toBe(1);
  });
});

describe('an indicator that changes', () => {
  const indicators = () => new Repository<AnyRecord>('indicator', () => db);

  it('drops the aggregate of its old definition when its definition changes or it is deleted', async () => {
    await put(HAND_MADE);
    const created = await indicators().create(indicatorRecord('x', EFFECTIVE_COVERAGE) as never);
    await ensureAggregates(db, [EFFECTIVE_COVERAGE]);
    await buildAggregates(db);
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).not.toBeNull();

    const bySex = { ...EFFECTIVE_COVERAGE, groupBy: ['sex'] };
    await indicators().update(created.id, { computed: bySex });
    expect(Object.keys(await aggregates())).toEqual([]);

    await ensureAggregates(db, [bySex]);
    await buildAggregates(db);
    expect(await readAggregate(db, bySex)).toEqual(computeIndicator(bySex, HAND_MADE));
    // An edit that leaves the definition alone keeps the aggregate.
    await indicators().update(created.id, { notes: 'revisado' });
    expect(Object.keys(await aggregates())).toEqual([aggregateKey(bySex)]);
    await indicators().remove(created.id);
    expect(Object.keys(await aggregates())).toEqual([]);
  });

  it('keeps apart two indicators with the same key over different forms (two projects)', async () => {
    const other = { ...EFFECTIVE_COVERAGE, formId: 'other_survey' };
    await put(HAND_MADE);
    await ensureAggregates(db, [EFFECTIVE_COVERAGE, other]);
    await buildAggregates(db);
    expect((await readAggregate(db, EFFECTIVE_COVERAGE))?.total.denominator).toBeGreaterThan(0);
    expect((await readAggregate(db, other))?.total.denominator).toBe(0);
  });
});
