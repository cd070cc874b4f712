// Records of shape 1 keep working: a version-1 bundle still imports, a server document
// written before shape 2 is upgraded as it is pulled, and both give the record that a
// device upgrading its own database gets (lib/domain/record-upgrade.ts).
import { describe, expect, it } from 'vitest';
import { commitImport, readBundle } from '../../src/lib/bundle';
import { ChunkedHash, emptyCounts } from '../../src/lib/bundle/format';
import { canonicalJson, replicated } from '../../src/lib/domain/merge';
import { upgradeRecord } from '../../src/lib/domain/record-upgrade';
import { INSTANCE_ID, type Answers, type Envelope, type SurveyResponse } from '../../src/lib/domain/types';
import { DOC_SHAPE, SHAPE_FIELD, fromDoc, toDoc } from '../../src/lib/sync/documents';
import { freshDatabase } from './bundle-fixtures';

const H1 = '2026-01-01T00:00:00.000Z-0000-dev-old';
const H2 = '2026-02-01T00:00:00.000Z-0000-dev-old';

/** A corrected response as shape 1 stored it. */
function shape1Response() {
  return {
    id: 'r1',
    kind: 'response',
    hlc: H2,
    fieldHlc: { answers: H2, history: H2, status: H1, deleted: H1 },
    deviceId: 'dev-old',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
    deleted: false,
    formId: 'f',
    formVersion: '1',
    projectId: null,
    status: 'finalized',
    answers: { age: '30', member: [{ name: 'Eva' }, { name: 'Leo' }] },
    startedAt: '2026-01-01T00:00:00.000Z',
    finalizedAt: '2026-01-01T00:00:00.000Z',
    enumerator: 'Ana',
    device: 'dev-old',
    location: null,
    history: [{ at: '2026-02-01T00:00:00.000Z', by: 'Marta', question: 'age', oldValue: '29', newValue: '30' }],
  };
}

const replica = (record: object) => canonicalJson(replicated(record as Envelope));

/** A version-1 bundle file holding `records`, with a correct hash. */
async function version1Bundle(records: object[]): Promise<Blob> {
  const lines = records.map((record) => canonicalJson(record));
  const hash = new ChunkedHash();
  await hash.addChunk(new TextEncoder().encode(lines.map((line) => `${line}\n`).join('')));
  const counts = { ...emptyCounts(), response: records.length };
  const manifest = {
    appVersion: 'old',
    deviceId: 'dev-old',
    createdAt: '2026-02-01T00:00:00.000Z',
    scope: { type: 'all' },
    counts,
    recordsHash: { algorithm: 'sha256-chunked', chunkRecords: 1000, value: await hash.value() },
    maxHlc: H2,
  };
  const header = `{"format":"piso-bundle","version":1,"manifest":${JSON.stringify(manifest)},"records":[\n`;
  return new Blob([header, lines.map((line, i) => (i > 0 ? ',' : '') + line + '\n').join(''), ']}']);
}

describe('upgradeRecord', () => {
  it('gives instances ids from their positions, corrections ids from their content, and each entry the field clock', () => {
    const upgraded = upgradeRecord(shape1Response()) as unknown as SurveyResponse;
    expect(upgraded.answers).toEqual({
      age: '30',
      member: [
        { [INSTANCE_ID]: '000000000-0001', name: 'Eva' },
        { [INSTANCE_ID]: '000000000-0002', name: 'Leo' },
      ],
    });
    const [entry] = upgraded.history;
    expect(entry.id).toMatch(/^h-[0-9a-f]{28}$/);
    expect(upgraded.fieldHlc).toEqual({
      'answers/age': H2,
      'answers/member/#000000000-0001': H2,
      'answers/member/#000000000-0001/name': H2,
      'answers/member/#000000000-0002': H2,
      'answers/member/#000000000-0002/name': H2,
      [`history/${entry.id}`]: H2,
      status: H1,
      deleted: H1,
    });
    expect(upgraded.hlc).toBe(H2);
    // The same on every device, once only.
    expect(replica(upgradeRecord(shape1Response()))).toBe(replica(upgraded));
    expect(replica(upgradeRecord(upgraded))).toBe(replica(upgraded));
    // Another correction of the same content is another entry.
    const other = shape1Response();
    other.history[0].by = 'Luis';
    expect((upgradeRecord(other) as unknown as SurveyResponse).history[0].id).not.toBe(entry.id);
  });

  it('leaves records without map fields, and what is not a record, as they are', () => {
    const project = { id: 'p1', kind: 'project', fieldHlc: { code: H1 }, code: 'P' };
    expect(upgradeRecord(project)).toEqual(project);
    expect(upgradeRecord('text')).toBe('text');
    expect(upgradeRecord({ kind: 'constructor' })).toEqual({ kind: 'constructor' });
  });
});

describe('older records arriving', () => {
  it('imports a version-1 bundle as shape 2, the same record the device upgrade gives', async () => {
    const bundle = await readBundle(await version1Bundle([shape1Response()]));
    const db = await freshDatabase();
    expect((await commitImport(bundle, { db })).response).toMatchObject({ new: 1 });
    const stored = (await db.responses.get('r1')) as unknown as SurveyResponse;
    expect(replica(stored)).toBe(replica(upgradeRecord(shape1Response())));
    expect((stored.answers.member as Answers[]).map((m) => m[INSTANCE_ID])).toEqual(['000000000-0001', '000000000-0002']);
    // Imported again, or by a device holding the record already upgraded: nothing changes.
    expect((await commitImport(await readBundle(await version1Bundle([shape1Response()])), { db })).response).toMatchObject({ unchanged: 1 });
  });

  it('upgrades a server document without the shape marker, and marks what it pushes', () => {
    const doc = { _id: 'r1', _rev: '3-abc', ...shape1Response() };
    const pulled = fromDoc(doc)!;
    expect(pulled).toMatchObject({ serverRev: '3-abc', dirty: 0 });
    expect(replica(pulled)).toBe(replica(upgradeRecord(shape1Response())));
    const pushed = toDoc(pulled);
    expect(pushed[SHAPE_FIELD]).toBe(DOC_SHAPE);
    // A marked document is taken as it is, and the marker is not part of the record.
    const again = fromDoc(pushed)!;
    expect(again).not.toHaveProperty(SHAPE_FIELD);
    expect(replica(again)).toBe(replica(pulled));
  });
});
