// Survey responses through sync, against the real in-memory CouchDB-compatible server:
// a finalized interview corrected on two devices keeps both corrections and both audit
// entries; the same question corrected on both is settled by clock, both entries kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PisoServer } from '../../src/server/server.mjs';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { AT_HLC_FIELD, DOC_SHAPE, SHAPE_FIELD, fromDoc, type CouchDoc } from '../../src/lib/sync/documents';
import { correctionOf } from '../../src/lib/db/responses';
import { upgradeRecord } from '../../src/lib/domain/record-upgrade';
import { formatHlc, parseHlc } from '../../src/lib/domain/hlc';
import { canonicalJson, replicated } from '../../src/lib/domain/merge';
import { INSTANCE_ID, type Answers, type SurveyResponse } from '../../src/lib/domain/types';
import { responseData } from './bundle-fixtures';
import { device, newServerDatabase, replicas, serverReplicas, startServer } from './sync-fixtures';

type Device = Awaited<ReturnType<typeof device>>;

let server: PisoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const get = async (d: Device, id: string) => (await d.db.responses.get(id)) as unknown as SurveyResponse;

/** A correction on one device, written as correctResponse writes it. */
async function correct(d: Device, id: string, change: (answers: Answers) => void, by: string) {
  const response = await get(d, id);
  const answers = structuredClone(response.answers);
  change(answers);
  const { edits, history } = correctionOf(response, answers, by, new Date());
  await d.repos.responses.update(id, { answers, history });
  return edits;
}

async function twoDevicesWithOneResponse() {
  const name = await newServerDatabase(server);
  const a = await device(server, name);
  const b = await device(server, name);
  const response = await a.repos.responses.create(responseData('coverage', null));
  await syncOnce(a.client, a.db);
  await syncOnce(b.client, b.db);
  return { name, a, b, id: response.id };
}

describe('sync of survey responses', () => {
  it('keeps corrections of different questions made on two devices, and both audit entries', async () => {
    const { name, a, b, id } = await twoDevicesWithOneResponse();
    const [byA] = await correct(a, id, (x) => void (x.name = 'Ana María'), 'enumerator');
    const [byB] = await correct(b, id, (x) => void (x.department = 'SV-MO'), 'supervisor');
    const added = await correct(b, id, (x) => void (x.member as Answers[]).push({ [INSTANCE_ID]: 'zzzzzzzzz-new', age: '70' }), 'supervisor');

    await syncOnce(a.client, a.db);
    await syncOnce(b.client, b.db); // conflict: fetch, merge, push again
    await syncOnce(a.client, a.db);

    for (const d of [a, b]) {
      const merged = await get(d, id);
      expect(merged.answers).toMatchObject({ name: 'Ana María', department: 'SV-MO' });
      expect((merged.answers.member as Answers[]).map((m) => m.age)).toEqual(['34', '7', '70']);
      expect(merged.history.map((e) => e.id).sort()).toEqual([byA.id, byB.id, ...added.map((e) => e.id)].sort());
    }
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
    expect(await serverReplicas(server, name)).toEqual(await replicas(a.db));
    expect(await syncOnce(b.client, b.db)).toMatchObject({ pushed: 0, pulled: 0 });
  });

  it('settles one question corrected on both by the later correction; the other stays in the history', async () => {
    const { a, b, id } = await twoDevicesWithOneResponse();
    const [first] = await correct(a, id, (x) => void (x.name = 'Ana Isabel'), 'enumerator');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [later] = await correct(b, id, (x) => void (x.name = 'Ana Beatriz'), 'supervisor');
    for (const d of [a, b, a]) await syncOnce(d.client, d.db);
    for (const d of [a, b]) {
      const merged = await get(d, id);
      expect(merged.answers.name).toBe('Ana Beatriz');
      expect(merged.history).toEqual([first, later]);
    }
  });

  it('pulls a response an older app version pushed (no shape marker) as shape 2, and pushes it back marked', async () => {
    const { name, a, id } = await twoDevicesWithOneResponse();
    const url = `${server.url}/${name}/${id}`;
    const doc = (await (await fetch(url)).json()) as CouchDoc;
    // What shape 1 wrote: one clock for all answers and for the history, no instance ids.
    const clock = formatHlc({ time: parseHlc(doc.hlc as string).time + 1, counter: 0, deviceId: 'old' });
    const { [SHAPE_FIELD]: shape, [AT_HLC_FIELD]: atHlc, ...unmarked } = doc;
    expect(shape).toBe(DOC_SHAPE);
    expect(atHlc).toEqual(expect.any(Array));
    const clocks = fromDoc(doc)!.fieldHlc;
    const old = {
      ...unmarked,
      answers: { name: 'Ana', department: 'SV-SS', member: [{ age: '34' }, { age: '8' }] },
      history: [{ at: '2026-11-21T00:00:00.000Z', by: 'old', question: 'member[2]/age', oldValue: '7', newValue: '8' }],
      fieldHlc: { ...Object.fromEntries(Object.entries(clocks).filter(([k]) => !k.includes('/'))), answers: clock, history: clock },
      hlc: clock,
      deviceId: 'old',
    };
    expect((await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(old) })).ok).toBe(true);

    const c = await device(server, name);
    await syncOnce(c.client, c.db);
    const pulled = await get(c, id);
    expect(pulled.answers.member).toEqual([
      { [INSTANCE_ID]: '000000000-0001', age: '34' },
      { [INSTANCE_ID]: '000000000-0002', age: '8' },
    ]);
    expect(pulled.history).toHaveLength(1);
    expect(pulled.fieldHlc).not.toHaveProperty('answers');
    const upgraded = upgradeRecord({ ...old, _id: undefined, _rev: undefined }) as unknown as SurveyResponse;
    expect(canonicalJson(replicated(pulled))).toBe(canonicalJson(replicated(upgraded)));

    // Device a held the response in shape 2: the old write's answers win by clock; what
    // the old write left out (it had no clock per answer to say it removed them) stays.
    await syncOnce(a.client, a.db);
    expect((await get(a, id)).answers).toMatchObject({ member: pulled.answers.member, sex: 'f', cover: 'isss none' });
    for (const d of [a, c]) await syncOnce(d.client, d.db);
    expect(await replicas(c.db)).toEqual(await replicas(a.db));

    await correct(c, id, (x) => void (x.name = 'Ana Lucía'), 'supervisor');
    await syncOnce(c.client, c.db);
    const pushed = (await (await fetch(url)).json()) as Record<string, unknown>;
    expect(pushed).toMatchObject({ pisoShape: DOC_SHAPE, answers: { name: 'Ana Lucía' } });
    expect((pushed.history as unknown[]).length).toBe(2);
  });
});
