import { describe, expect, it } from 'vitest';
import { canonicalJson, mergeRecords, replicated } from '../../src/lib/domain/merge';
import { formatHlc } from '../../src/lib/domain/hlc';
import { INSTANCE_ID, type AnyRecord, type Answers } from '../../src/lib/domain/types';
import { MAP_FIELDS, subkeyClock } from '../../src/lib/domain/merge-fields';
import { rebaseEntries } from '../../src/lib/domain/record-stamp';
import { supersededKey } from '../../src/lib/domain/period-values';
import { seededRandom } from '../seeded-random';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');
const clock = (ms: number, deviceId: string, counter = 0) => formatHlc({ time: T0 + ms, counter, deviceId });

/** A record whose envelope is consistent with its field clocks. */
function record(fields: Record<string, readonly [unknown, string]>, local: Partial<AnyRecord> = {}): AnyRecord {
  const data = Object.fromEntries(Object.entries(fields).map(([key, [value]]) => [key, value]));
  const fieldHlc = Object.fromEntries(Object.entries(fields).map(([key, [, hlc]]) => [key, hlc]));
  const hlc = Object.values(fieldHlc).sort().at(-1)!;
  return {
    deleted: false,
    ...data,
    id: 'r1',
    kind: 'project',
    hlc,
    fieldHlc,
    deviceId: hlc.slice(30),
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: new Date(Date.parse(hlc.slice(0, 24))).toISOString(),
    dirty: 0,
    ...local,
  } as AnyRecord;
}

const same = (x: AnyRecord, y: AnyRecord) => expect(canonicalJson(replicated(x))).toBe(canonicalJson(replicated(y)));

describe('canonicalJson and replicated', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('strips the local fields only', () => {
    const r = record({ code: ['A', clock(0, 'a')] }, { serverRev: '1-x', dirty: 1 });
    expect(replicated(r)).not.toHaveProperty('serverRev');
    expect(replicated(r)).not.toHaveProperty('dirty');
    expect(replicated(r)).toHaveProperty('code', 'A');
  });
});

describe('mergeRecords', () => {
  it('keeps both edits when two devices changed different fields', () => {
    const base = { code: ['A', clock(0, 'a')], title: ['T', clock(0, 'a')], deleted: [false, clock(0, 'a')] } as const;
    const onA = record({ ...base, code: ['A2', clock(5, 'a')] });
    const onB = record({ ...base, title: ['T2', clock(3, 'b')] });
    const merged = mergeRecords(onA, onB);
    expect(merged).toMatchObject({ code: 'A2', title: 'T2', hlc: clock(5, 'a'), deviceId: 'a' });
    expect(merged.fieldHlc).toEqual({ code: clock(5, 'a'), title: clock(3, 'b'), deleted: clock(0, 'a') });
  });

  it('takes the later clock for one field, whatever the argument order', () => {
    const older = record({ code: ['old', clock(1, 'a')] });
    const newer = record({ code: ['new', clock(1, 'a', 1)] });
    expect(mergeRecords(older, newer).code).toBe('new');
    expect(mergeRecords(newer, older).code).toBe('new');
  });

  it('breaks equal clocks by value, the same way on every device', () => {
    const x = record({ code: [{ n: 'x' }, clock(1, 'a')] });
    const y = record({ code: [{ n: 'y' }, clock(1, 'a')] });
    expect(mergeRecords(x, y).code).toEqual({ n: 'y' });
    expect(mergeRecords(y, x).code).toEqual({ n: 'y' });
  });

  it('lets a present field win over a missing one', () => {
    const without = record({ code: ['A', clock(9, 'a')] });
    const withNote = record({ code: ['A', clock(1, 'b')], note: ['hello', clock(1, 'b')] });
    expect(mergeRecords(without, withNote).note).toBe('hello');
    expect(mergeRecords(withNote, without).note).toBe('hello');
  });

  it('merges the tombstone as a field: a later delete wins, a later restore wins', () => {
    const live = record({ code: ['A', clock(1, 'a')], deleted: [false, clock(1, 'a')] });
    const deleted = record({ code: ['A', clock(1, 'a')], deleted: [true, clock(2, 'b')] });
    expect(mergeRecords(live, deleted).deleted).toBe(true);
    const restored = record({ code: ['A', clock(1, 'a')], deleted: [false, clock(3, 'a')] });
    expect(mergeRecords(deleted, restored).deleted).toBe(false);
    // An edit made elsewhere after the delete is kept, and the record stays deleted.
    const edited = record({ code: ['B', clock(4, 'c')], deleted: [false, clock(1, 'a')] });
    expect(mergeRecords(deleted, edited)).toMatchObject({ code: 'B', deleted: true });
  });

  it('takes the envelope from the winners and the local fields from a', () => {
    const a = record({ code: ['A', clock(1, 'a')] }, { serverRev: '3-a', dirty: 1, createdAt: '2026-11-02T00:00:00.000Z' });
    const b = record({ code: ['B', clock(2, 'b')] }, { serverRev: '4-b', dirty: 0, createdAt: '2026-11-01T00:00:00.000Z' });
    const merged = mergeRecords(a, b);
    expect(merged).toMatchObject({ serverRev: '3-a', dirty: 1, hlc: clock(2, 'b'), deviceId: 'b' });
    expect(merged.createdAt).toBe('2026-11-01T00:00:00.000Z');
    expect(merged.updatedAt).toBe(b.updatedAt);
  });

  it('refuses to merge two different records', () => {
    const a = record({ code: ['A', clock(1, 'a')] });
    expect(() => mergeRecords(a, { ...a, id: 'r2' })).toThrow(/different records/);
  });
});

describe('mergeRecords properties', () => {
  const FIELDS = ['code', 'title', 'budget', 'partners', 'status', 'note'];
  const VALUES: unknown[] = ['x', 'y', 0, 7, null, true, ['b', 'a'], { es: 'hola', en: 'hello' }, { amount: 1, currency: 'USD' }];
  const DEVICES = ['dev-a', 'dev-b', 'dev-c'];

  function generator(seed: number) {
    const next = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    // Few times and counters, so that equal clocks (with different values) are common.
    const randomClock = (device: string) => clock(Math.floor(next() * 3), device, Math.floor(next() * 2));
    return (): AnyRecord => {
      const device = pick(DEVICES);
      const count = 3 + Math.floor(next() * 4);
      const names = [...FIELDS].sort(() => next() - 0.5).slice(0, count);
      const fields: Record<string, [unknown, string]> = Object.fromEntries(
        names.map((name) => [name, [pick(VALUES), randomClock(next() < 0.7 ? device : pick(DEVICES))]]),
      );
      fields.deleted = [next() < 0.3, randomClock(device)];
      return record(fields, {
        dirty: next() < 0.5 ? 0 : 1,
        serverRev: next() < 0.5 ? undefined : `${Math.floor(next() * 9)}-rev`,
        createdAt: pick(['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z']),
      });
    };
  }

  const CASES = 500;

  it('is idempotent', () => {
    const next = generator(1);
    for (let i = 0; i < CASES; i++) {
      const a = next();
      same(mergeRecords(a, a), a);
    }
  });

  it('is commutative', () => {
    const next = generator(2);
    for (let i = 0; i < CASES; i++) {
      const [a, b] = [next(), next()];
      same(mergeRecords(a, b), mergeRecords(b, a));
    }
  });

  it('is associative', () => {
    const next = generator(3);
    for (let i = 0; i < CASES; i++) {
      const [a, b, c] = [next(), next(), next()];
      same(mergeRecords(mergeRecords(a, b), c), mergeRecords(a, mergeRecords(b, c)));
    }
  });

  it('is absorbing: merging again what was merged changes nothing', () => {
    const next = generator(4);
    for (let i = 0; i < CASES; i++) {
      const [a, b] = [next(), next()];
      const ab = mergeRecords(a, b);
      same(mergeRecords(ab, b), ab);
      same(mergeRecords(ab, a), ab);
    }
  });
});

// ---- Map fields: answers, history and periods merge entry by entry (merge-fields.ts) ----

type Entries = Record<string, readonly [unknown, string] | readonly [typeof GONE, string]>;
const GONE = Symbol('removed');

/** A record of `kind` whose map field `field` has these entries (GONE: removed at that clock), built as a device stores it. */
function mapRecord(kind: 'response' | 'indicator', field: string, entries: Entries, plain: Record<string, readonly [unknown, string]> = {}): AnyRecord {
  const codec = MAP_FIELDS[kind][field];
  const present = new Map(Object.entries(entries).flatMap(([key, [value]]) => (value === GONE ? [] : [[key, value] as const])));
  const base = record({ deleted: [false, clock(0, 'a')], ...plain }, { kind });
  const fieldHlc = { ...base.fieldHlc, ...Object.fromEntries(Object.entries(entries).map(([key, [, hlc]]) => [subkeyClock(field, key), hlc])) };
  const hlc = Object.values(fieldHlc).sort().at(-1)!;
  return { ...base, [field]: codec.build(present), fieldHlc, hlc, deviceId: hlc.slice(30) };
}

const edit = (id: string, ms: number, question: string, oldValue: string | null, newValue: string) => ({
  id,
  at: new Date(T0 + ms).toISOString(),
  by: id,
  question,
  oldValue,
  newValue,
});

describe('mergeRecords, per answer', () => {
  const c0 = clock(0, 'a');
  const finalized = { age: ['34', c0], department: ['morazan', c0] } as const;

  it('keeps two corrections of different questions, and both audit entries', () => {
    const onA = mapRecord('response', 'answers', { ...finalized, age: ['35', clock(5, 'a')] });
    const onB = mapRecord('response', 'answers', { ...finalized, department: ['la_paz', clock(3, 'b')] });
    const historyA = mapRecord('response', 'history', { e1: [edit('e1', 5, 'age', '34', '35'), clock(5, 'a')] });
    const historyB = mapRecord('response', 'history', { e2: [edit('e2', 3, 'department', 'morazan', 'la_paz'), clock(3, 'b')] });
    const a: AnyRecord = { ...onA, history: historyA.history, fieldHlc: { ...onA.fieldHlc, ...historyA.fieldHlc } };
    const b: AnyRecord = { ...onB, history: historyB.history, fieldHlc: { ...onB.fieldHlc, ...historyB.fieldHlc } };
    for (const merged of [mergeRecords(a, b), mergeRecords(b, a)]) {
      expect(merged.answers).toEqual({ age: '35', department: 'la_paz' });
      expect((merged.history as { id: string }[]).map((e) => e.id)).toEqual(['e2', 'e1']);
      expect(merged.fieldHlc).toMatchObject({ 'answers/age': clock(5, 'a'), 'answers/department': clock(3, 'b') });
      expect(merged.fieldHlc).not.toHaveProperty('answers');
      expect(merged.hlc).toBe(clock(5, 'a'));
    }
  });

  it('settles one question corrected on both devices by clock, a removal included', () => {
    const later = mapRecord('response', 'answers', { ...finalized, age: [GONE, clock(7, 'b')] });
    const earlier = mapRecord('response', 'answers', { ...finalized, age: ['36', clock(6, 'a')] });
    expect(mergeRecords(earlier, later).answers).toEqual({ department: 'morazan' });
    expect(mergeRecords(later, earlier).fieldHlc['answers/age']).toBe(clock(7, 'b'));
    // At equal clocks an answer beats its absence, then the greater value wins.
    const tie = mapRecord('response', 'answers', { ...finalized, age: ['36', clock(7, 'b')] });
    expect(mergeRecords(later, tie).answers).toMatchObject({ age: '36' });
    const other = mapRecord('response', 'answers', { ...finalized, age: ['40', clock(7, 'b')] });
    expect(mergeRecords(tie, other).answers).toMatchObject({ age: '40' });
    expect(mergeRecords(other, tie).answers).toMatchObject({ age: '40' });
  });

  it('matches repeat instances by id: both added instances are kept, a removed one goes with its answers', () => {
    const base = { 'member/#i1': [true, c0], 'member/#i1/age': ['40', c0] } as const;
    const onA = mapRecord('response', 'answers', { ...base, 'member/#i2': [true, clock(2, 'a')], 'member/#i2/age': ['12', clock(2, 'a')] });
    const onB = mapRecord('response', 'answers', { ...base, 'member/#i3': [true, clock(3, 'b')], 'member/#i3/age': ['70', clock(3, 'b')] });
    expect(mergeRecords(onB, onA).answers).toEqual({
      member: [
        { [INSTANCE_ID]: 'i1', age: '40' },
        { [INSTANCE_ID]: 'i2', age: '12' },
        { [INSTANCE_ID]: 'i3', age: '70' },
      ],
    });
    // Removed on A; its age corrected later on B: the instance stays removed.
    const removed = mapRecord('response', 'answers', { 'member/#i1': [GONE, clock(4, 'a')], 'member/#i1/age': [GONE, clock(4, 'a')] });
    const corrected = mapRecord('response', 'answers', { ...base, 'member/#i1/age': ['41', clock(5, 'b')] });
    const merged = mergeRecords(removed, corrected);
    expect(merged.answers).toEqual({});
    expect(merged.fieldHlc).toMatchObject({ 'answers/member/#i1': clock(4, 'a'), 'answers/member/#i1/age': clock(5, 'b') });
    same(mergeRecords(merged, corrected), merged);
    same(mergeRecords(removed, merged), merged);
  });
});

describe('mergeRecords, per indicator value', () => {
  const P = '2026-01-01|2026-12-31';
  const value = (v: number, dimensions: Record<string, string> = {}) => ({ value: v, dimensions });
  const c0 = clock(0, 'a');

  it('keeps values recorded on two devices for different groups and periods, and every superseded value', () => {
    const base = { [P]: [true, c0], [`${P}/targets/{}`]: [value(50), c0] } as const;
    const onA = mapRecord('indicator', 'periods', {
      ...base,
      [`${P}/actuals/{}`]: [value(41), clock(2, 'a')],
      [`${P}/history/x`]: [{ ...value(30), supersededAt: '2026-05-01T00:00:00.000Z' }, clock(2, 'a')],
    });
    const onB = mapRecord('indicator', 'periods', {
      ...base,
      [`${P}/actuals/{"sex":"female"}`]: [value(44, { sex: 'female' }), clock(3, 'b')],
      '2027-01-01|2027-12-31': [true, clock(3, 'b')],
    });
    const merged = mergeRecords(onA, onB);
    expect(merged.periods).toEqual([
      { start: '2026-01-01', end: '2026-12-31', targets: [value(50)], actuals: [value(41), value(44, { sex: 'female' })], history: [{ ...value(30), supersededAt: '2026-05-01T00:00:00.000Z' }] },
      { start: '2027-01-01', end: '2027-12-31', targets: [], actuals: [] },
    ]);
    same(mergeRecords(onB, onA), merged);
  });
});

describe('mergeRecords properties, per entry', () => {
  const DEVICES = ['dev-a', 'dev-b', 'dev-c'];
  const INSTANCES = ['000000001-a', '000000002-b', '000000003-c'];
  const EDITS = ['e1', 'e2', 'e3', 'e4'];

  /**
   * Random versions of one response, as devices could hold them: answers present or
   * removed at random clocks, instances created once (at their own clock) and removed
   * later or not, history entries that never change.
   */
  function generator(seed: number) {
    const next = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const randomClock = (from = 0) => clock(from + Math.floor(next() * 3), pick(DEVICES), Math.floor(next() * 2));
    return (): AnyRecord => {
      const answers: Entries = {};
      const leaf = (path: string) => {
        const roll = next();
        if (roll < 0.2) return;
        answers[path] = roll < 0.35 ? [GONE, randomClock()] : [pick(['1', '2', 'x']), randomClock()];
      };
      leaf('age');
      leaf('department');
      INSTANCES.forEach((iid, i) => {
        const roll = next();
        if (roll < 0.3) return;
        answers[`member/#${iid}`] = roll < 0.5 ? [GONE, randomClock(10 + i)] : [true, clock(i, 'dev-a')];
        leaf(`member/#${iid}/age`);
      });
      const history: Entries = {};
      EDITS.forEach((id, i) => {
        if (next() < 0.5) history[id] = [edit(id, i, 'age', null, String(i)), clock(i, 'dev-b')];
      });
      const a = mapRecord('response', 'answers', answers);
      const h = mapRecord('response', 'history', history);
      const fieldHlc = { ...a.fieldHlc, ...h.fieldHlc };
      const hlc = Object.values(fieldHlc).sort().at(-1)!;
      return { ...a, history: h.history, fieldHlc, hlc, deviceId: hlc.slice(30) };
    };
  }

  const CASES = 500;

  it('is idempotent, commutative and associative', () => {
    const next = generator(5);
    for (let i = 0; i < CASES; i++) {
      const [a, b, c] = [next(), next(), next()];
      same(mergeRecords(a, a), a);
      same(mergeRecords(a, b), mergeRecords(b, a));
      same(mergeRecords(mergeRecords(a, b), c), mergeRecords(a, mergeRecords(b, c)));
    }
  });

  /** Random versions of one indicator's periods: periods created once and removed later or not, values set or removed at random clocks. */
  function periodsGenerator(seed: number) {
    const next = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const randomClock = (from = 0) => clock(from + Math.floor(next() * 3), pick(DEVICES), Math.floor(next() * 2));
    const PERIODS = ['2026-01-01|2026-12-31', '2027-01-01|2027-12-31'];
    const KEYS = ['targets/{}', 'actuals/{}', 'actuals/{"sex":"female"}'];
    return (): AnyRecord => {
      const entries: Entries = {};
      PERIODS.forEach((period, i) => {
        const roll = next();
        if (roll < 0.2) return;
        entries[period] = roll < 0.4 ? [GONE, randomClock(10 + i)] : [true, clock(i, 'dev-a')];
        for (const key of KEYS) {
          const r = next();
          if (r < 0.3) continue;
          const dimensions = key.includes('female') ? { sex: 'female' } : {};
          entries[`${period}/${key}`] = r < 0.45 ? [GONE, randomClock()] : [{ value: pick([1, 2, 3]), dimensions }, randomClock()];
        }
        const superseded = { value: 9, dimensions: {}, supersededAt: `2026-05-0${i + 1}T00:00:00.000Z` };
        if (next() < 0.5) entries[`${period}/history/${supersededKey(superseded)}`] = [superseded, clock(i, 'dev-b')];
      });
      return mapRecord('indicator', 'periods', entries);
    };
  }

  it('is idempotent, commutative and associative on indicator periods', () => {
    const next = periodsGenerator(7);
    for (let i = 0; i < CASES; i++) {
      const [a, b, c] = [next(), next(), next()];
      same(mergeRecords(a, a), a);
      same(mergeRecords(a, b), mergeRecords(b, a));
      same(mergeRecords(mergeRecords(a, b), c), mergeRecords(a, mergeRecords(b, c)));
    }
  });

  it('never loses a history entry', () => {
    const next = generator(6);
    for (let i = 0; i < CASES; i++) {
      const [a, b] = [next(), next()];
      const ids = (r: AnyRecord) => (r.history as { id: string }[]).map((e) => e.id);
      expect(new Set(ids(mergeRecords(a, b)))).toEqual(new Set([...ids(a), ...ids(b)]));
    }
  });
});

describe('answers codec', () => {
  it('builds what it flattens, and keeps names that are Object members as plain answers', () => {
    const answers: Answers = { age: '3', constructor: 'x', member: [{ [INSTANCE_ID]: 'b', toString: 'y' }, { [INSTANCE_ID]: 'a', age: '1' }] };
    const codec = MAP_FIELDS.response.answers;
    const built = codec.build(codec.flatten(answers));
    const byId: Answers = { age: '3', constructor: 'x', member: [{ [INSTANCE_ID]: 'a', age: '1' }, { [INSTANCE_ID]: 'b', toString: 'y' }] };
    expect(built).toEqual(byId);
    expect(Object.getPrototypeOf(codec.build(new Map([['__proto__', 'z']])))).toBe(Object.prototype);
    expect(codec.build(new Map<string, unknown>([['constructor/#a', true], ['constructor/#a/age', '2']]))).toEqual({ constructor: [{ [INSTANCE_ID]: 'a', age: '2' }] });
  });

  it('keeps answers keyed by a group path ("g2/age", a name used again in another group) apart', () => {
    const answers: Answers = { age: '30', 'g2/age': '4', 'odd%name': 'p', member: [{ [INSTANCE_ID]: 'a', 'g/age': '1', age: '2' }] };
    const codec = MAP_FIELDS.response.answers;
    const flat = codec.flatten(answers);
    expect([...flat.keys()].sort()).toEqual(['age', 'g2%2Fage', 'member/#a', 'member/#a/age', 'member/#a/g%2Fage', 'odd%25name']);
    expect(codec.build(flat)).toEqual(answers);
  });
});

describe('rebaseEntries', () => {
  it("carries a screen's changes of indicator values onto values recorded meanwhile", () => {
    const period = (actuals: { value: number; dimensions: Record<string, string> }[], targets = [{ value: 50, dimensions: {} }]) => [
      { start: '2026-01-01', end: '2026-12-31', targets, actuals },
    ];
    const loaded = period([{ value: 40, dimensions: {} }]);
    // The editor changes the target; meanwhile a sync brought an actual for women.
    const edited = period([{ value: 40, dimensions: {} }], [{ value: 60, dimensions: {} }]);
    const now = period([{ value: 40, dimensions: {} }, { value: 44, dimensions: { sex: 'female' } }]);
    expect(rebaseEntries('indicator', 'periods', loaded, edited, now)).toEqual(
      period([{ value: 40, dimensions: {} }, { value: 44, dimensions: { sex: 'female' } }], [{ value: 60, dimensions: {} }]),
    );
    // What the screen removed goes, even if it is still there now.
    expect(rebaseEntries('indicator', 'periods', loaded, period([]), now)).toEqual(period([{ value: 44, dimensions: { sex: 'female' } }]));
    expect(() => rebaseEntries('project', 'title', {}, {}, {})).toThrow(/not a map field/);
  });
});

describe('mergeRecords, file answers (a photo is one value, never mixed field by field)', () => {
  const photo = (n: number) => ({ hash: String(n).repeat(64).slice(0, 64), name: `${n}.jpg`, type: 'image/jpeg', size: 1000 + n });
  const c0 = clock(0, 'a');

  it('keeps the later photo whole, in either order, with one clock for the answer', () => {
    const base = { age: ['34', c0], photo: [photo(1), c0] } as const;
    const onA = mapRecord('response', 'answers', { ...base, photo: [photo(2), clock(5, 'a')] });
    const onB = mapRecord('response', 'answers', { ...base, photo: [photo(3), clock(3, 'b')], age: ['35', clock(3, 'b')] });
    for (const merged of [mergeRecords(onA, onB), mergeRecords(onB, onA)]) {
      expect(merged.answers).toEqual({ age: '35', photo: photo(2) });
      expect(merged.fieldHlc['answers/photo']).toBe(clock(5, 'a'));
      expect(Object.keys(merged.fieldHlc).filter((k) => k.startsWith('answers/photo/'))).toEqual([]);
    }
    same(mergeRecords(onA, onB), mergeRecords(onB, onA));
  });

  it('settles two photos taken at the same clock the same way on every device, and a removal by clock', () => {
    const tieA = mapRecord('response', 'answers', { photo: [photo(2), clock(4, 'x')] });
    const tieB = mapRecord('response', 'answers', { photo: [photo(7), clock(4, 'x')] });
    const winner = mergeRecords(tieA, tieB).answers as Answers;
    expect([photo(2), photo(7)]).toContainEqual(winner.photo);
    expect(mergeRecords(tieB, tieA).answers).toEqual(winner);
    const removed = mapRecord('response', 'answers', { photo: [GONE, clock(6, 'b')] });
    expect(mergeRecords(tieA, removed).answers).toEqual({});
  });

  it('flattens a photo inside a repeat instance as one answer', () => {
    const answers: Answers = { member: [{ [INSTANCE_ID]: 'i1', id_card: photo(4), age: '40' }] };
    const codec = MAP_FIELDS.response.answers;
    const flat = codec.flatten(answers);
    expect(flat.get('member/#i1/id_card')).toEqual(photo(4));
    expect([...flat.keys()].filter((k) => k.includes('id_card'))).toEqual(['member/#i1/id_card']);
    expect(codec.build(flat)).toEqual(answers);
  });

  it('a correction of the photo on screen keeps the other device’s correction of another answer', () => {
    const base: Answers = { age: '34', photo: photo(1) };
    const edited: Answers = { age: '34', photo: photo(2) };
    const current: Answers = { age: '36', photo: photo(1) };
    expect(rebaseEntries('response', 'answers', base, edited, current)).toEqual({ age: '36', photo: photo(2) });
  });
});
