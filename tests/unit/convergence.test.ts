// Property test of the per-question merge (issue 9): three devices make random offline
// edits of the same records (corrections of the same finalized responses, on the same and
// on different questions; repeat instances added and removed; indicator actuals recorded),
// and exchange them in random order: one record, everything, or "changes since" the last
// exchange (so that records are relayed through the third device), directly or as sync
// documents and bundle JSON. Afterwards every device holds the same records, every
// correction is in every history, and each answer and value is the last one written
// (by clock), unless the repeat instance holding it was removed.
//
// The edits go through the code the app uses (correctionOf, changeOf, recordActual,
// newInstanceId, upgradeRecord, mergeRecords, toDoc/fromDoc); a device here is its records
// in memory, so that 1,000 runs take seconds. The last test does the same with real
// databases and bundle files, fewer times.
//
// PISO_PROPERTY_RUNS=20000 npx vitest run tests/unit/convergence.test.ts  runs more.

import { describe, expect, it } from 'vitest';
import { Hlc, formatHlc } from '../../src/lib/domain/hlc';
import { canonicalJson, mergeRecords, replicated } from '../../src/lib/domain/merge';
import { flattenAnswers } from '../../src/lib/domain/answer-paths';
import { flattenPeriods } from '../../src/lib/domain/period-values';
import { changeOf, stampNew } from '../../src/lib/domain/record-stamp';
import { upgradeRecord } from '../../src/lib/domain/record-upgrade';
import { newInstanceId } from '../../src/lib/domain/instance-id';
import { ENVELOPE_FIELDS, INSTANCE_ID, type AnyRecord, type Answers, type IndicatorData, type ResponseEdit, type SurveyResponse } from '../../src/lib/domain/types';
import { correctionOf } from '../../src/lib/db/responses';
import { recordActual } from '../../src/lib/indicators/record-actual';
import { SAMPLE_NOTE_KEY, type IndicatorResult } from '../../src/lib/indicators/result';
import { fromDoc, toDoc } from '../../src/lib/sync/documents';
import { commitImport, exportBundle, markDelivered, readBundle } from '../../src/lib/bundle';
import type { PisoDatabase } from '../../src/lib/db/database';
import { freshDatabase, repos } from './bundle-fixtures';
import { seededRandom } from '../seeded-random';

const RUNS = Number(process.env.PISO_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.PISO_PROPERTY_SEED ?? 20261201);
const T0 = Date.parse('2026-11-27T10:00:00.000Z');

type Random = () => number;
const pickOf = (next: Random) => <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];

interface Device {
  name: string;
  hlc: Hlc;
  records: Map<string, AnyRecord>;
  /** Local change number of each record, for "changes since". */
  seq: number;
  seqOf: Map<string, number>;
  /** Per destination: the change number sent last. */
  sent: Map<string, number>;
}

/** Every clock each device set on a record's field or entry, with what it set. */
type Writes = Map<string, Map<string, { clock: string; present: boolean; json: string }>>;

/**
 * What must merge entry by entry, written here apart from the code under test (MAP_FIELDS):
 * each answer and repeat instance by its path, each correction by its id, each
 * indicator period and value. Whatever the code does, these are the expected clocks.
 */
const ENTRIES: Partial<Record<AnyRecord['kind'], Record<string, (value: unknown) => Map<string, unknown>>>> = {
  response: {
    answers: (value) => flattenAnswers(value),
    history: (value) => new Map((value as ResponseEdit[]).map((entry) => [entry.id, entry])),
  },
  indicator: { periods: flattenPeriods },
};

/** The value of one field ("status") or entry ("answers/age") of a record; undefined when not there. */
function entryOf(record: AnyRecord, key: string): unknown {
  const slash = key.indexOf('/');
  if (slash < 0) return record[key];
  const field = key.slice(0, slash);
  return ENTRIES[record.kind]![field](record[field]).get(key.slice(slash + 1));
}

/** The fields and entries that differ between two versions of a record (all of them from nothing). */
function changedKeys(before: AnyRecord | undefined, after: AnyRecord): string[] {
  const entries = ENTRIES[after.kind] ?? {};
  const keys: string[] = [];
  for (const field of new Set([...Object.keys(after), 'deleted'])) {
    if (ENVELOPE.has(field)) continue;
    const flatten = entries[field];
    if (!flatten) {
      if (!before || canonicalJson(before[field]) !== canonicalJson(after[field])) keys.push(field);
      continue;
    }
    const was = before ? flatten(before[field]) : new Map<string, unknown>();
    const now = flatten(after[field]);
    for (const sub of new Set([...was.keys(), ...now.keys()])) {
      if (canonicalJson(was.get(sub)) !== canonicalJson(now.get(sub))) keys.push(`${field}/${sub}`);
    }
  }
  return keys;
}
const ENVELOPE = new Set<string>(ENVELOPE_FIELDS);

function logWrites(writes: Writes, before: AnyRecord | undefined, after: AnyRecord, clock: string): void {
  let log = writes.get(after.id);
  if (!log) writes.set(after.id, (log = new Map()));
  for (const key of changedKeys(before, after)) {
    const value = entryOf(after, key);
    const previous = log.get(key);
    // Clocks are unique per device, so two writes never share one.
    if (!previous || previous.clock < clock) log.set(key, { clock, present: value !== undefined, json: canonicalJson(value) });
  }
}

function store(device: Device, record: AnyRecord): void {
  device.records.set(record.id, record);
  device.seqOf.set(record.id, ++device.seq);
}

/** A local edit, stamped as Repository.update does. */
function change(device: Device, id: string, entries: [string, unknown][], writes: Writes, now: number): void {
  const current = device.records.get(id)!;
  const { values, clocked } = changeOf(current.kind, current, entries);
  if (clocked.length === 0) return;
  const stamp = device.hlc.tick();
  const next = {
    ...current,
    ...values,
    fieldHlc: { ...current.fieldHlc, ...Object.fromEntries(clocked.map((key) => [key, stamp])) },
    hlc: stamp,
    deviceId: device.name,
    updatedAt: new Date(now).toISOString(),
  } as AnyRecord;
  logWrites(writes, current, next, stamp);
  store(device, next);
}

/** Records arriving from elsewhere, merged as applyMerged does. */
function receive(device: Device, incoming: AnyRecord[]): void {
  for (const record of incoming) {
    const existing = device.records.get(record.id);
    const merged = existing ? mergeRecords(existing, record) : record;
    if (!existing || canonicalJson(replicated(merged)) !== canonicalJson(replicated(existing))) store(device, merged);
    device.hlc.receive(record.hlc);
  }
}

type Carrier = (record: AnyRecord) => AnyRecord;
const CARRIERS: Carrier[] = [
  (record) => record,
  // A sync document, pushed and pulled.
  (record) => fromDoc(JSON.parse(JSON.stringify(toDoc(record, '1-x')))) as AnyRecord,
  // A bundle line.
  (record) => JSON.parse(canonicalJson(replicated(record))) as AnyRecord,
];

function exchange(from: Device, to: Device, mode: 'record' | 'all' | 'changes', carry: Carrier, next: Random): void {
  let records = [...from.records.values()];
  if (mode === 'record') records = [records[Math.floor(next() * records.length)]];
  if (mode === 'changes') {
    const since = from.sent.get(to.name) ?? 0;
    records = records.filter((record) => from.seqOf.get(record.id)! > since);
    from.sent.set(to.name, from.seq);
  }
  receive(to, records.map(carry));
}

// ---- the records ----

const DEPARTMENTS = ['morazan', 'la_paz', 'san_miguel'];
const AGES = ['30', '31', '32', '40'];

/** A finalized response as a device before shape 2 kept it: one clock per field, no ids. */
function shape1Response(id: string, clock: string): AnyRecord {
  const answers = { age: '30', department: 'morazan', member: [{ name: 'Eva', age: '40' }, { name: 'Leo', age: '12' }] };
  const history = [{ at: '2026-11-01T00:00:00.000Z', by: 'Ana', question: 'age', oldValue: '29', newValue: '30' }];
  const data = { formId: 'f', formVersion: '1', projectId: null, status: 'finalized', answers, history, enumerator: 'Ana', device: 'dev-0', location: null, startedAt: '2026-11-01T00:00:00.000Z', finalizedAt: '2026-11-01T00:00:00.000Z' };
  return {
    ...data,
    id,
    kind: 'response',
    hlc: clock,
    fieldHlc: Object.fromEntries([...Object.keys(data), 'deleted'].map((key) => [key, clock])),
    deviceId: 'dev-0',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    deleted: false,
    dirty: 0,
  } as AnyRecord;
}

function newIndicator(id: string, clock: string): AnyRecord {
  const data: IndicatorData = {
    outcomeId: 'o1',
    name: { es: 'Cobertura' },
    measure: 'percentage',
    unit: '%',
    baseline: null,
    periods: [
      { start: '2026-01-01', end: '2026-12-31', targets: [{ value: 50, dimensions: {} }], actuals: [] },
      { start: '2027-01-01', end: '2027-12-31', targets: [], actuals: [] },
    ],
    disaggregations: ['sex'],
    source: '',
    notes: '',
  };
  const { fields, fieldHlc } = stampNew('indicator', Object.entries(data), clock);
  return { ...fields, id, kind: 'indicator', hlc: clock, fieldHlc, deviceId: 'dev-0', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', deleted: false, dirty: 0 } as AnyRecord;
}

// ---- the edits ----

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The answers after one to three random changes, as the correction screen would save them. */
function corrected(answers: Answers, next: Random, now: number): Answers {
  const pick = pickOf(next);
  const out = copy(answers);
  const members = () => (out.member ?? []) as Answers[];
  for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
    const roll = next();
    if (roll < 0.3) out.age = pick(AGES);
    else if (roll < 0.5) out.department = pick(DEPARTMENTS);
    else if (roll < 0.55) delete out.age;
    else if (roll < 0.7) out.member = [...members(), { [INSTANCE_ID]: newInstanceId(now), name: pick(['Ana', 'Luis']), age: pick(AGES) }];
    else if (roll < 0.8 && members().length > 0) {
      out.member = members().filter((_, i) => i !== Math.floor(next() * members().length));
      if (members().length === 0) delete out.member;
    } else if (members().length > 0) pick(members()).age = pick(AGES);
  }
  return out;
}

function result(next: Random): IndicatorResult {
  const group = (values: Record<string, string>) => {
    const denominator = 1 + Math.floor(next() * 4);
    const numerator = Math.floor(next() * (denominator + 1));
    return { values, numerator, denominator, rate: numerator / denominator };
  };
  const groups = [group({ sex: 'female' }), group({ sex: 'male' })];
  const numerator = groups[0].numerator + groups[1].numerator;
  const denominator = groups[0].denominator + groups[1].denominator;
  return { key: 'k', formId: 'f', formVersions: ['1'], groupBy: ['sex'], groups, total: { values: {}, numerator, denominator, rate: numerator / denominator }, unweighted: true, noteKey: SAMPLE_NOTE_KEY };
}

const PERIODS = [
  { start: '2026-01-01', end: '2026-12-31' },
  { start: '2027-01-01', end: '2027-12-31' },
  { start: '2028-01-01', end: '2028-12-31' },
];

// ---- what must hold ----

const replica = (record: AnyRecord) => canonicalJson(replicated(record));

/**
 * What differs from the last write of each field and entry, by clock: its clock, and its
 * value (an entry of a removed instance or period may be gone with it).
 */
function lostWrites(record: AnyRecord, log: Map<string, { clock: string; present: boolean; json: string }>): string[] {
  const lost: string[] = [];
  for (const [key, write] of log) {
    if (record.fieldHlc[key] !== write.clock) lost.push(`${key}: clock ${record.fieldHlc[key]}, written ${write.clock}`);
    const value = entryOf(record, key);
    const map = key.includes('/');
    if (map && !write.present) {
      if (value !== undefined) lost.push(`${key}: removed, but holds ${canonicalJson(value)}`);
    } else if ((!map || containerKept(record, key)) && canonicalJson(value) !== write.json) {
      lost.push(`${key}: holds ${canonicalJson(value)}, written ${write.json}`);
    }
  }
  return lost;
}

/** Whether the repeat instances (or the period) holding an entry are there. */
function containerKept(record: AnyRecord, key: string): boolean {
  const [field, ...rest] = key.split('/');
  const entries = ENTRIES[record.kind]![field](record[field]);
  if (field === 'periods') return rest.length === 1 || entries.has(rest[0]);
  if (field !== 'answers') return true;
  // "member/#a/visit/#b/day": the instances "member/#a" and "member/#a/visit/#b".
  for (let n = 2; n < rest.length; n += 2) if (!entries.has(rest.slice(0, n).join('/'))) return false;
  return true;
}

function run(seed: number): void {
  const next = seededRandom(seed);
  const pick = pickOf(next);
  let time = T0;
  const skew = [0, 3, -2];
  const initial = formatHlc({ time: T0 - 1000, counter: 0, deviceId: 'dev-0' });
  const responses = ['r1', 'r2'];
  const base = [...responses.map((id) => shape1Response(id, initial)), newIndicator('i1', initial)];

  const devices: Device[] = ['dev-a', 'dev-b', 'dev-c'].map((name, i) => ({
    name,
    hlc: new Hlc(name, () => time + skew[i], initial),
    records: new Map(),
    seq: 0,
    seqOf: new Map(),
    sent: new Map(),
  }));
  // Each device upgrades the old records itself: they must agree.
  for (const device of devices) for (const record of base) store(device, upgradeRecord(copy(record)));
  for (const record of base) {
    const upgraded = devices.map((device) => replica(device.records.get(record.id)!));
    if (new Set(upgraded).size !== 1) expect(upgraded[1]).toBe(upgraded[0]);
  }
  const writes: Writes = new Map();
  for (const record of devices[0].records.values()) logWrites(writes, undefined, record, initial);

  /** Every correction made, by the response it was made on. */
  const made = new Map(responses.map((id) => [id, new Map<string, ResponseEdit>()]));
  for (const id of responses) for (const entry of devices[0].records.get(id)!.history as ResponseEdit[]) made.get(id)!.set(entry.id, entry);

  const steps = 8 + Math.floor(next() * 16);
  for (let step = 0; step < steps; step++) {
    time += Math.floor(next() * 3);
    const device = pick(devices);
    const roll = next();
    if (roll < 0.45) {
      const id = pick(responses);
      const response = device.records.get(id)!;
      const answers = corrected(response.answers as Answers, next, time + skew[devices.indexOf(device)]);
      const { edits, history } = correctionOf(response as never, answers, device.name, new Date(time));
      for (const entry of edits) made.get(id)!.set(entry.id, entry);
      if (edits.length > 0) change(device, id, [['answers', answers], ['history', history]], writes, time);
    } else if (roll < 0.6) {
      const indicator = device.records.get('i1')! as unknown as IndicatorData;
      const updated = recordActual(indicator, pick(PERIODS), result(next), { computedAt: new Date(time).toISOString() });
      change(device, 'i1', [['periods', updated.periods]], writes, time);
    } else if (roll < 0.65) {
      change(device, pick(responses), [['enumerator', pick(['Ana', 'Marta'])]], writes, time);
    } else {
      const to = pick(devices.filter((d) => d !== device));
      exchange(device, to, pick(['record', 'all', 'changes'] as const), pick(CARRIERS), next);
    }
  }

  // Everyone meets at last, one after the other in a random order: what the first sends
  // reaches the last through the second when "changes".
  for (const from of [...devices].sort(() => next() - 0.5)) {
    for (const to of devices) if (to !== from) exchange(from, to, pick(['all', 'changes'] as const), pick(CARRIERS), next);
  }

  const [first, ...others] = devices;
  for (const device of others) {
    for (const [id, record] of first.records) {
      const mine = replica(device.records.get(id)!);
      if (mine !== replica(record)) expect(mine, `seed ${seed}, ${device.name}, ${id}`).toBe(replica(record));
    }
  }
  for (const record of first.records.values()) {
    expect(lostWrites(record, writes.get(record.id)!), `seed ${seed}, ${record.id}`).toEqual([]);
    if (record.kind !== 'response') continue;
    // Every correction made anywhere is in the history, as it was made, and nothing else is.
    const history = canonicalJson(Object.fromEntries((record.history as ResponseEdit[]).map((entry) => [entry.id, entry])));
    const expected = canonicalJson(Object.fromEntries(made.get(record.id)!));
    if (history !== expected) expect(JSON.parse(history), `seed ${seed}, ${record.id}`).toEqual(JSON.parse(expected));
  }
}

describe('three devices editing the same records offline', () => {
  it(`converge to one state and lose nothing, in ${RUNS} random runs`, () => {
    for (let i = 0; i < RUNS; i++) run(SEED + i);
  }, 120_000);
});

describe('three devices exchanging bundle files', () => {
  const bundleOf = async (db: PisoDatabase) => readBundle((await exportBundle({ type: 'all' }, { db })).blob);

  it('converge after corrections of one finalized response on the same and on different questions ("all" and "changes since")', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const next = seededRandom(SEED + seed);
      const pick = pickOf(next);
      const origin = await freshDatabase();
      const { answers, ...data } = shape1Response('x', formatHlc({ time: T0, counter: 0, deviceId: 'dev-0' })) as unknown as SurveyResponse;
      const response = await repos(origin).responses.create({
        ...data,
        answers: { ...answers, member: [{ [INSTANCE_ID]: newInstanceId(), name: 'Eva', age: '40' }] },
        history: [],
      });
      const devices = [await freshDatabase(), await freshDatabase(), await freshDatabase()];
      const base = await bundleOf(origin);
      for (const device of devices) await commitImport(base, { db: device });

      const made: string[] = [];
      for (let step = 0; step < 8; step++) {
        const device = pick(devices);
        if (next() < 0.6) {
          // What correctResponse does, on this device's database.
          const current = (await device.responses.get(response.id)) as unknown as SurveyResponse;
          const answers = corrected(current.answers, next, Date.now());
          const { edits, history } = correctionOf(current, answers, pick(['Marta', 'Luis']), new Date());
          if (edits.length > 0) await repos(device).responses.update(response.id, { answers, history });
          made.push(...edits.map((e) => e.id));
        } else {
          const to = pick(devices.filter((d) => d !== device));
          if (next() < 0.5) await commitImport(await bundleOf(device), { db: to });
          else {
            // "Changes since" the last bundle delivered to that device, relayed onwards later.
            const destination = `device-${devices.indexOf(to)}`;
            const exported = await exportBundle({ type: 'changes', destination }, { db: device });
            await commitImport(await readBundle(exported.blob), { db: to });
            await markDelivered(exported, device);
          }
        }
      }
      for (let round = 0; round < 2; round++) {
        for (const from of devices) for (const to of devices) if (to !== from) await commitImport(await bundleOf(from), { db: to });
      }
      const states = await Promise.all(devices.map(async (db) => replica((await db.responses.get(response.id)) as unknown as AnyRecord)));
      expect(new Set(states).size).toBe(1);
      const final = (await devices[0].responses.get(response.id)) as unknown as SurveyResponse;
      expect(final.history.map((e) => e.id).sort()).toEqual([...made].sort());
    }
  }, 60_000);
});
