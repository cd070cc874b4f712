// Aggregates kept by the middleware, against a real (fake-indexeddb) database.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyMerged, openDatabase, type PisoDatabase } from '../../src/lib/db';
import {
  AGGREGATES_KEY,
  aggregateKey,
  buildAggregates,
  ensureAggregates,
  indicatorAggregateMiddleware,
  readAggregate,
  recomputeFromDatabase,
} from '../../src/lib/db/indicator-aggregates';
import type { AnyRecord, Envelope } from '../../src/lib/domain/types';
import { COVERAGE_DEFINITIONS, EFFECTIVE_COVERAGE, computeIndicator } from '../../src/lib/indicators';
import { HAND_MADE, type TestResponse } from './indicators-fixtures';

let db: PisoDatabase;
let run = 0;

beforeEach(async () => {
  db = await openDatabase(`indicator-aggregates-${++run}`);
  // The lead installs the middleware in PisoDatabase's constructor; here on a reopen.
  db.close();
  db.use(indicatorAggregateMiddleware);
  await db.open();
});

const stored = (r: TestResponse) => ({ ...r, kind: 'response', hlc: '', fieldHlc: {}, deviceId: 'd', createdAt: '', updatedAt: '', dirty: 0 }) as unknown as AnyRecord;
const put = (rs: TestResponse[]) => db.transaction('rw', db.responses, db.meta, () => db.responses.bulkPut(rs.map(stored)));
const batch = (rs: TestResponse[]) => COVERAGE_DEFINITIONS.map((def) => computeIndicator(def, rs));

async function read() {
  return Promise.all(COVERAGE_DEFINITIONS.map((def) => readAggregate(db, def)));
}

describe('indicator aggregates', () => {
  it('are built in chunks from what is stored, then kept up to date by every write', async () => {
    await put(HAND_MADE.slice(0, 6));
    expect(await ensureAggregates(db, COVERAGE_DEFINITIONS)).toBe(true);
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toBeNull(); // not built yet
    await buildAggregates(db, { chunkSize: 4 });
    expect(await read()).toEqual(batch(HAND_MADE.slice(0, 6)));

    // New responses, a correction, a tombstone and a hard delete, through Dexie.
    await put(HAND_MADE.slice(6));
    const r2 = { ...HAND_MADE[1], answers: { ...HAND_MADE[1].answers, pension_contrib: 'public', contrib_months_12: '5' } };
    await put([r2, { ...HAND_MADE[6], deleted: true }]);
    await db.transaction('rw', db.responses, db.meta, () => db.responses.delete(HAND_MADE[0].id));
    const expected = HAND_MADE.filter((r) => r !== HAND_MADE[0] && r !== HAND_MADE[6]).map((r) => (r === HAND_MADE[1] ? r2 : r));
    expect(await read()).toEqual(batch(expected));
    expect(await recomputeFromDatabase(db, COVERAGE_DEFINITIONS, { chunkSize: 3 })).toEqual(batch(expected));
  });

  it('count writes made while a build is half-way exactly once', async () => {
    await put(HAND_MADE.slice(0, 8));
    await ensureAggregates(db, [EFFECTIVE_COVERAGE]);
    await buildAggregatesOnce(4); // r01–r04 counted, the cursor at r04
    const half = (await db.meta.get(AGGREGATES_KEY))!.value as Record<string, { cursor: string; done: boolean }>;
    expect(half[aggregateKey(EFFECTIVE_COVERAGE)]).toMatchObject({ cursor: 'r04', done: false });
    // Writes meanwhile: r02 is counted (its delta applies), r07 not yet (read later as it is then).
    const r2 = { ...HAND_MADE[1], answers: { ...HAND_MADE[1].answers, noncontrib_benefit: 'yes' } };
    const r7 = { ...HAND_MADE[6], answers: { ...HAND_MADE[6].answers, noncontrib_benefit: 'yes' } };
    await put([r2, r7]);
    await buildAggregates(db, { chunkSize: 4 });
    const final = HAND_MADE.slice(0, 8).map((r) => (r.id === r2.id ? r2 : r.id === r7.id ? r7 : r));
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toEqual(computeIndicator(EFFECTIVE_COVERAGE, final));
  });

  it('start again when a definition changes', async () => {
    await put(HAND_MADE);
    await ensureAggregates(db, [EFFECTIVE_COVERAGE]);
    await buildAggregates(db);
    const bySex = { ...EFFECTIVE_COVERAGE, groupBy: ['sex'] };
    expect(await readAggregate(db, bySex)).toBeNull();
    expect(await ensureAggregates(db, [bySex])).toBe(true);
    await buildAggregates(db);
    expect(await readAggregate(db, bySex)).toEqual(computeIndicator(bySex, HAND_MADE));
  });

  it('cost nothing and change nothing while no aggregate exists, and survive applyMerged', async () => {
    await put(HAND_MADE.slice(0, 3));
    expect(await db.meta.get(AGGREGATES_KEY)).toBeUndefined();
    await ensureAggregates(db, [EFFECTIVE_COVERAGE]);
    await buildAggregates(db);
    // A bundle import writes through applyMerged (responses + meta in one transaction).
    const incoming = HAND_MADE.slice(3, 8).map((r) => ({ ...stored(r), hlc: '2025-01-01T00:00:00.000Z-0000-d', fieldHlc: { answers: '2025-01-01T00:00:00.000Z-0000-d' } }));
    await applyMerged(incoming as unknown as Envelope[], {}, db);
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toEqual(computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE.slice(0, 8)));
  });

  it('refuse a write of responses that would bypass them', async () => {
    await ensureAggregates(db, [EFFECTIVE_COVERAGE]);
    await expect(db.transaction('rw', db.responses, () => db.responses.put(stored(HAND_MADE[0])))).rejects.toThrow(/meta/);
  });

  it('are rebuilt after the table is cleared', async () => {
    await put(HAND_MADE.slice(0, 4));
    await ensureAggregates(db, [EFFECTIVE_COVERAGE]);
    await buildAggregates(db);
    await db.transaction('rw', db.responses, db.meta, () => db.responses.clear());
    expect(await readAggregate(db, EFFECTIVE_COVERAGE)).toBeNull();
  });
});

/** One chunk of the build, as a tab closed half-way would leave it. */
async function buildAggregatesOnce(chunkSize: number): Promise<void> {
  let calls = 0;
  const stop = new Error('stop');
  await buildAggregates(db, {
    chunkSize,
    onProgress: () => {
      if (++calls === 1) throw stop;
    },
  }).catch((e) => {
    if (e !== stop) throw e;
  });
}
