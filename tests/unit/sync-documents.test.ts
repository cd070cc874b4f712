// Records as documents on the wire (sync/documents.ts): shape 3 writes the clocks equal
// to the record's hlc as a list of names; every shape is read back as the same record.
import { describe, expect, it } from 'vitest';
import { AT_HLC_FIELD, DOC_SHAPE, RECORD_SHAPE, SHAPE_FIELD, fromDoc, toDoc } from '../../src/lib/sync/documents';
import { canonicalJson, replicated } from '../../src/lib/domain/merge';
import type { Envelope } from '../../src/lib/domain/types';

const LAST = '2026-03-01T10:00:05.000Z-0000-dev-a';
const EARLIER = '2026-03-01T09:00:00.000Z-0002-dev-b';

function response(): Envelope {
  return {
    id: 'r1',
    kind: 'response',
    hlc: LAST,
    fieldHlc: {
      formId: EARLIER,
      status: LAST,
      deleted: EARLIER,
      'answers/name': LAST,
      'answers/age': EARLIER,
      // An answer removed keeps its clock, with no value.
      'answers/phone': LAST,
      'answers/member/#000000000-0001': EARLIER,
      'answers/member/#000000000-0001/age': LAST,
      'history/e1': LAST,
    },
    formId: 'f1',
    formVersion: '1',
    projectId: 'p1',
    status: 'finalized',
    answers: { name: 'Ana', age: '34', member: [{ '#id': '000000000-0001', age: '8' }] },
    history: [{ id: 'e1', at: '2026-03-01T10:00:05.000Z', by: 'sue', question: 'name', oldValue: 'Anna', newValue: 'Ana' }],
    deviceId: 'dev-a',
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T10:00:05.000Z',
    deleted: false,
    serverRev: '2-abc',
    dirty: 1,
  } as unknown as Envelope;
}

const same = (a: Envelope, b: Envelope) => expect(canonicalJson(replicated(a))).toBe(canonicalJson(replicated(b)));

describe('documents of shape 3', () => {
  it('list the fields whose clock is the hlc, keep the others, and are read back as the same record', () => {
    const record = response();
    const doc = toDoc(record);
    expect(doc).toMatchObject({ _id: 'r1', _rev: '2-abc', [SHAPE_FIELD]: DOC_SHAPE });
    expect(doc.fieldHlc).toEqual({ formId: EARLIER, deleted: EARLIER, 'answers/age': EARLIER, 'answers/member/#000000000-0001': EARLIER });
    expect([...(doc[AT_HLC_FIELD] as string[])].sort()).toEqual(
      ['status', 'answers/name', 'answers/phone', 'answers/member/#000000000-0001/age', 'history/e1'].sort(),
    );
    expect(doc).not.toHaveProperty('dirty');
    expect(doc).not.toHaveProperty('serverRev');
    const read = fromDoc(doc)!;
    expect(read).toMatchObject({ serverRev: '2-abc', dirty: 0 });
    expect(read).not.toHaveProperty(AT_HLC_FIELD);
    expect(read).not.toHaveProperty(SHAPE_FIELD);
    same(read, record);
    // Smaller on the wire than the same record with every clock written out.
    const full = { _id: 'r1', ...replicated(record), [SHAPE_FIELD]: RECORD_SHAPE };
    expect(JSON.stringify(doc).length).toBeLessThan(JSON.stringify(full).length - 4 * LAST.length);
  });

  it('still reads a document of shape 2 as it is', () => {
    const record = response();
    const read = fromDoc({ _id: 'r1', _rev: '2-abc', ...replicated(record), [SHAPE_FIELD]: RECORD_SHAPE })!;
    same(read, record);
  });

  it('reads nothing from a shape-3 document whose list of fields is not one', () => {
    const doc = toDoc(response());
    expect(fromDoc({ ...doc, [AT_HLC_FIELD]: 'status' })).toBeUndefined();
    expect(fromDoc({ ...doc, [AT_HLC_FIELD]: [1] })).toBeUndefined();
    const { [AT_HLC_FIELD]: atHlc, ...without } = doc;
    void atHlc;
    expect(fromDoc(without)).toBeUndefined();
  });
});
