import { describe, expect, it } from 'vitest';
import { canonicalJson, mergeRecords, replicated } from '../../src/lib/domain/merge';
import { formatHlc } from '../../src/lib/domain/hlc';
import type { AnyRecord } from '../../src/lib/domain/types';
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

  const same = (x: AnyRecord, y: AnyRecord) => expect(canonicalJson(replicated(x))).toBe(canonicalJson(replicated(y)));
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
