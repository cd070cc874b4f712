// The hand check in front of the response schema (domain/schemas/response-fast.ts), which
// a bundle import runs on every record: it takes the well-formed responses the app
// writes (else it is no fast path), and it never takes what ResponseSchema refuses,
// over thousands of hostile records and the hostile cases of the schema tests.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { certainlyValidResponse } from '../../src/lib/domain/schemas/response-fast';
import { ResponseSchema } from '../../src/lib/domain/schemas/response';
import { checkRecord } from '../../src/lib/domain/schemas';
import { jsonProblem } from '../../src/lib/domain/schemas/safe-json';
import type { SurveyResponse } from '../../src/lib/domain/types';
import { freshDatabase, populate, repos, responseData } from './bundle-fixtures';

type Fields = Record<string, unknown>;

const schemaTakes = (record: unknown) => v.safeParse(ResponseSchema, record, { abortEarly: true }).success;
/** As a bundle carries it: JSON. */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));

async function responses(): Promise<SurveyResponse[]> {
  const db = await freshDatabase();
  const made = await populate(db);
  const photo = { hash: 'a'.repeat(64), name: 'casa.jpg', type: 'image/jpeg', size: 1234 };
  const rich = await repos(db).responses.create({
    ...responseData('coverage', null, 'Rosa'),
    projectId: undefined,
    status: 'draft',
    finalizedAt: null,
    location: { latitude: -90, longitude: 180, accuracy: 0 },
    answers: { name: 'Rosa', photo, member: [{ '#id': 'i-1', age: '3', photo }, {}], empty: '' },
    history: [
      { id: 'e-1', at: '2026-11-21T08:00:00.000Z', by: 'Ana', question: 'name', oldValue: null, newValue: 'Rosa' },
      { at: '2026-11-21T08:00:00+01:00', by: 'Ana', question: 'member', oldValue: [{ age: '2' }], newValue: photo },
    ],
    cursor: 'member/0',
  } as never);
  return [...made.responses, made.otherResponse, rich as SurveyResponse].map(asJson);
}

/** Places in a response where a hostile value may go: the record, its answers, an instance, an edit, a file, its location, its clocks. */
function holders(record: Fields): Fields[] {
  const plain = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
  const places: unknown[] = [record, record.answers, record.fieldHlc, record.location];
  if (plain(record.answers)) for (const value of Object.values(record.answers)) places.push(...(Array.isArray(value) ? value : [value]));
  if (Array.isArray(record.history)) places.push(...record.history);
  return places.filter(plain);
}

const HOSTILE: unknown[] = [
  null, 0, -1, 1.5, -91, 181, 1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', 'x', 'x'.repeat(201), 'x'.repeat(100_001), 'x'.repeat(1_000_001), 'a\u0007b',
  true, false, [], {}, [{}], [[]], ['x'], [{ a: 1 }], { a: 1 }, { hash: 'a'.repeat(64), name: 'n', type: 't', size: -1 },
  { hash: 'A'.repeat(64), name: 'n', type: 't', size: 1 }, { hash: 'a'.repeat(64), name: '', type: 't', size: 1 },
  '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00Z', '2026-11-20 10:00:00', '2026-11-20',
  '2026-11-20T10:00:00.000Z-0001-device', '2026-11-20T10:00:00.000Z-0001-', '2026-13-45T10:00:00.000Z-0001-d',
  '2026-11-20T10:00:00.000Z-0001-d\u0001', `2026-11-20T10:00:00.000Z-0001-${'d'.repeat(201)}`,
  'draft', 'finalized', 'response', 'form',
];

describe('the response fast check', () => {
  it('takes the responses the app writes, as a bundle carries them', async () => {
    for (const response of await responses()) {
      expect(schemaTakes(response)).toBe(true);
      expect([response.id, certainlyValidResponse(response as never)]).toEqual([response.id, true]);
    }
  });

  it('never takes a hostile response the schema refuses: 3,000 mutations', async () => {
    const samples = await responses();
    let seed = 13;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
    let refused = 0;
    let taken = 0;
    for (let n = 0; n < 3000; n++) {
      const copy = structuredClone(pick(samples)) as unknown as Fields;
      // One to three changes: a value replaced, a field dropped, or a new key.
      for (let change = 1 + Math.floor(rnd() * 3); change > 0; change--) {
        const holder = pick(holders(copy));
        const key = rnd() < 0.85 && Object.keys(holder).length > 0 ? pick(Object.keys(holder)) : pick(['extra', 'latitude', 'hash', 'at', 'answers/x', '']);
        if (rnd() < 0.15) delete holder[key];
        else holder[key] = structuredClone(pick(HOSTILE));
      }
      const record = asJson(copy);
      const schema = schemaTakes(record);
      const fast = certainlyValidResponse(record);
      if (fast) expect(schema, JSON.stringify(record).slice(0, 2000)).toBe(true);
      if (schema) taken++;
      else refused++;
      // What the fast check takes, checkRecord takes unless the safe-JSON walk before it refuses it.
      if (fast) expect(checkRecord(record).ok).toBe(jsonProblem(record) === undefined);
    }
    // Both sides are exercised.
    expect(refused).toBeGreaterThan(1500);
    expect(taken).toBeGreaterThan(400);
  });

  it('refuses, by the schema, each hostile case of the schema tests, with the same reason as before', async () => {
    const [response] = await responses();
    const cases: [Fields, Fields][] = [
      [{ answers: { ...response.answers, name: 42 } }, { reason: 'wrongType', field: 'answers/name' }],
      [{ answers: { ...response.answers, name: { first: 'Ana' } } }, { field: 'answers/name/hash' }],
      [{ answers: { ...response.answers, member: [{ age: ['x'] }] } }, { reason: 'wrongType', field: 'answers/member/0/age/0' }],
      [{ history: [{ at: 'now', by: 'x', question: 'name', oldValue: null, newValue: 'b' }] }, { reason: 'badFormat', field: 'history/0/at' }],
      [{ hlc: 'yesterday' }, { reason: 'badFormat', field: 'hlc' }],
      [{ fieldHlc: { 'answers/x': 'soon' } }, { reason: 'badFormat', field: 'fieldHlc/answers/x' }],
      [{ formId: undefined }, { reason: 'missing', field: 'formId' }],
      [{ deleted: 'no' }, { reason: 'wrongType', field: 'deleted' }],
      [{ status: 'sent' }, { reason: 'unknownValue', field: 'status' }],
      [{ location: { latitude: 91, longitude: 0 } }, { reason: 'badFormat', field: 'location/latitude' }],
      [{ id: 'x'.repeat(201) }, { reason: 'tooLong', field: 'id' }],
    ];
    for (const [change, refusal] of cases) {
      const record = asJson({ ...response, ...change }) as Fields;
      expect(certainlyValidResponse(record)).toBe(false);
      const result = checkRecord(record);
      expect(result.ok ? undefined : result.refusal).toMatchObject({ ...refusal, kind: 'response' });
    }
  });
});
