// Indicators over an entity list: the aggregate middleware follows the entities table
// as it follows responses, against a real (fake-indexeddb) database.
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type PisoDatabase } from '../../src/lib/db';
import {
  AGGREGATES_KEY,
  aggregateKey,
  buildAggregates,
  ensureAggregates,
  readAggregate,
  recomputeFromDatabase,
} from '../../src/lib/db/indicator-aggregates';
import type { AnyRecord, ComputedIndicatorDefinition, EntityData } from '../../src/lib/domain/types';
import { entityRecordId } from '../../src/lib/domain/types';
import { WORKER_REGISTRATION } from '../../src/lib/domain/worker-registration-form';
import { EFFECTIVE_COVERAGE, WORKERS_AFFILIATED, groupLevels } from '../../src/lib/indicators';
import { HAND_MADE } from './indicators-fixtures';

let db: PisoDatabase;
let run = 0;

beforeEach(async () => {
  db = await openDatabase(`indicators-entities-${++run}`);
});

type TestEntity = EntityData & { id: string; deleted: boolean };

function worker(n: number, sex: string, isss: string, more: Partial<TestEntity> = {}): TestEntity {
  const entityId = `w${String(n).padStart(2, '0')}`;
  return {
    id: entityRecordId('workers', entityId),
    list: 'workers',
    entityId,
    label: `Worker ${n}`,
    properties: { sex, isss_status: isss },
    visits: [{ id: `r${n}`, responseId: `r${n}`, formId: 'worker_registration', formVersion: '3', action: 'create', at: '', by: 'e', hlc: '', set: {}, seen: {} }],
    deleted: false,
    ...more,
  };
}

const stored = (e: TestEntity) => ({ ...e, kind: 'entity', hlc: '', fieldHlc: {}, deviceId: 'd', createdAt: '', updatedAt: '', dirty: 0 }) as unknown as AnyRecord;
const put = (es: TestEntity[]) => db.transaction('rw', db.entities, db.meta, () => db.entities.bulkPut(es.map(stored)));

// Two women (one affiliated), three men (two affiliated).
const FIVE = [
  worker(1, 'female', 'affiliated'),
  worker(2, 'female', 'not_affiliated'),
  worker(3, 'male', 'affiliated'),
  worker(4, 'male', 'in_process'),
  worker(5, 'male', 'affiliated'),
];

const levels = groupLevels(WORKERS_AFFILIATED, WORKER_REGISTRATION);

async function figures(def: ComputedIndicatorDefinition = WORKERS_AFFILIATED) {
  const result = await readAggregate(db, def, levels);
  if (!result) return null;
  return {
    total: [result.total.numerator, result.total.denominator],
    bySex: Object.fromEntries(result.groups.map((g) => [g.values.sex, [g.numerator, g.denominator]])),
    versions: result.formVersions,
  };
}

async function build(def: ComputedIndicatorDefinition = WORKERS_AFFILIATED, chunkSize = 2) {
  await ensureAggregates(db, [def]);
  await buildAggregates(db, { chunkSize });
}

describe('an indicator over an entity list', () => {
  it('counts the live, registered entities of its list, by property', async () => {
    await put([
      ...FIVE,
      worker(6, 'female', 'affiliated', { deleted: true }),
      // Known only from a follow-up that came before its registration: not counted yet.
      { ...worker(7, 'female', 'affiliated', { label: '' }), visits: [{ ...worker(7, '', '').visits[0], action: 'update' }] },
      // Another list's entity with the same properties.
      { ...worker(8, 'female', 'affiliated'), list: 'households', id: entityRecordId('households', 'w08') },
    ]);
    await build();
    expect(await figures()).toEqual({ total: [3, 5], bySex: { female: [1, 2], male: [2, 3] }, versions: ['3'] });
    const [recomputed] = await recomputeFromDatabase(db, [WORKERS_AFFILIATED], { chunkSize: 2, levels: { [WORKERS_AFFILIATED.key]: levels } });
    expect(recomputed).toEqual(await readAggregate(db, WORKERS_AFFILIATED, levels));
  });

  it('follows every write of the entities table: a follow-up, a new worker, a tombstone, a delete', async () => {
    await put(FIVE);
    await build();
    // A follow-up visit affiliates worker 2; worker 9 is registered; worker 3 is deleted.
    await put([
      { ...FIVE[1], properties: { ...FIVE[1].properties, isss_status: 'affiliated' } },
      worker(9, 'female', 'in_process'),
      { ...FIVE[2], deleted: true },
    ]);
    expect(await figures()).toEqual({ total: [3, 5], bySex: { female: [2, 3], male: [1, 2] }, versions: ['3'] });
    await db.transaction('rw', db.entities, db.meta, () => db.entities.delete(FIVE[4].id));
    expect(await figures()).toEqual({ total: [2, 4], bySex: { female: [2, 3], male: [0, 1] }, versions: ['3'] });
  });

  it('counts a write made while its build is half-way exactly once', async () => {
    await put(FIVE);
    await ensureAggregates(db, [WORKERS_AFFILIATED]);
    // One chunk of two: w01 and w02 counted, the cursor at w02.
    await buildAggregatesChunks(1, 2);
    const half = (await db.meta.get(AGGREGATES_KEY))!.value as Record<string, { cursor: string; done: boolean }>;
    expect(half[aggregateKey(WORKERS_AFFILIATED)]).toMatchObject({ cursor: 'workers:w02', done: false });
    await put([
      { ...FIVE[1], properties: { ...FIVE[1].properties, isss_status: 'affiliated' } }, // counted: its delta applies
      { ...FIVE[3], properties: { ...FIVE[3].properties, isss_status: 'affiliated' } }, // not yet: read when reached
    ]);
    await buildAggregates(db, { chunkSize: 2 });
    expect(await figures()).toEqual({ total: [5, 5], bySex: { female: [2, 2], male: [3, 3] }, versions: ['3'] });
  });

  it('and an indicator over responses do not count each other', async () => {
    await put(FIVE);
    await db.transaction('rw', db.responses, db.meta, () =>
      db.responses.bulkPut(HAND_MADE.map((r) => ({ ...r, kind: 'response', hlc: '', fieldHlc: {}, deviceId: 'd', createdAt: '', updatedAt: '', dirty: 0 }) as unknown as AnyRecord)),
    );
    await ensureAggregates(db, [WORKERS_AFFILIATED, EFFECTIVE_COVERAGE]);
    await buildAggregates(db, { chunkSize: 3 });
    const responsesOnly = await readAggregate(db, EFFECTIVE_COVERAGE);
    expect(await figures()).toEqual({ total: [3, 5], bySex: { female: [1, 2], male: [2, 3] }, versions: ['3'] });
    // An entity written moves only the entity indicator; a response, only the other.
    await put([worker(9, 'male', 'affiliated')]);
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toEqual(responsesOnly);
    expect((await figures())!.total).toEqual([4, 6]);
    const [fresh] = await recomputeFromDatabase(db, [EFFECTIVE_COVERAGE]);
    expect(fresh).toEqual(responsesOnly);
  });

});

/** `count` rounds of buildAggregates' chunking, stopping before it finishes. */
async function buildAggregatesChunks(count: number, chunkSize: number): Promise<void> {
  let rounds = 0;
  // buildAggregates reports each chunk; a throw from onProgress stops it there.
  await buildAggregates(db, {
    chunkSize,
    onProgress: () => {
      if (++rounds >= count) throw new Error('stop');
    },
  }).catch((e: Error) => {
    if (e.message !== 'stop') throw e;
  });
}
