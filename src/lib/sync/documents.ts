// Records as CouchDB documents and back.
//
// A document is the replicated record (never serverRev or dirty) with `_id` = record id
// and `_rev` = the server revision the device last saw. A deletion is NOT a CouchDB
// `_deleted` document: CouchDB strips the body of a deleted document (unless it is PUT
// with its fields), and a tombstone without its clocks could not win or lose a merge
// against an edit made offline elsewhere. Our tombstone is an ordinary record with
// `deleted: true` and its field clocks, so it travels as an ordinary document, survives
// compaction, and merges like any edit.
//
// Documents carry the record's shape (`pisoShape`, see lib/domain/record-upgrade.ts):
// a document without it was written before shape 2, and is upgraded as it is read.

import type { Envelope, Kind } from '../domain/types';
import { replicated } from '../domain/merge';
import { upgradeRecord } from '../domain/record-upgrade';
import { RECORD_KINDS } from '../domain/schemas';

export interface CouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  [field: string]: unknown;
}

/** The shape of the records this code writes; a field of the document, not of the record. */
export const SHAPE_FIELD = 'pisoShape';
export const RECORD_SHAPE = 2;

export function toDoc(record: Envelope, rev: string | undefined = record.serverRev): CouchDoc {
  const doc: CouchDoc = { _id: record.id, ...replicated(record), [SHAPE_FIELD]: RECORD_SHAPE };
  if (rev !== undefined) doc._rev = rev;
  return doc;
}

const isKind = (value: unknown): value is Kind => (RECORD_KINDS as readonly unknown[]).includes(value);

/**
 * The record a document holds, with its revision as serverRev; undefined for what is
 * not a Piso record (design documents, a CouchDB-level deletion by an administrator,
 * documents other tools put in the database).
 */
export function fromDoc(doc: CouchDoc): Envelope | undefined {
  if (doc._deleted || doc._id.startsWith('_design/')) return undefined;
  const { _id, _rev, [SHAPE_FIELD]: shape, ...fields } = doc;
  for (const key of Object.keys(fields)) if (key.startsWith('_')) delete fields[key];
  if (fields.id !== _id || !isKind(fields.kind) || typeof fields.hlc !== 'string') return undefined;
  if (!fields.fieldHlc || typeof fields.fieldHlc !== 'object') return undefined;
  const record = shape === RECORD_SHAPE ? fields : upgradeRecord(fields);
  return { ...record, serverRev: _rev, dirty: 0 } as unknown as Envelope;
}
