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
// Shape 3 is shape 2 with its clocks written compactly: a record keeps a clock per field
// and per answer (some forty on an interview), and most of them are the record's own
// `hlc` (everything saved in its last edit). Those are listed by name in `pisoAtHlc`
// instead of each repeating the clock; `fieldHlc` keeps the others. Half the bytes of an
// interview on the wire, in the server's storage and in every parse. `fieldHlc` stays an
// object of clocks, as validate_doc_update asks. The record stored on the device is
// always shape 2: documents of shape 2 are still read as they are.

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
/** The shape of the documents this code writes. */
export const DOC_SHAPE = 3;
/** The shape of the records (on the device, in bundles): a document of shape 3 is one of shape 2. */
export const RECORD_SHAPE = 2;
/** Shape 3: the names of the fields whose clock is the record's hlc. */
export const AT_HLC_FIELD = 'pisoAtHlc';

export function toDoc(record: Envelope, rev: string | undefined = record.serverRev): CouchDoc {
  const { fieldHlc, ...fields } = replicated(record);
  const others: Record<string, string> = {};
  const atHlc: string[] = [];
  for (const [field, clock] of Object.entries(fieldHlc)) {
    if (clock === record.hlc) atHlc.push(field);
    else others[field] = clock;
  }
  const doc: CouchDoc = { _id: record.id, ...fields, fieldHlc: others, [AT_HLC_FIELD]: atHlc, [SHAPE_FIELD]: DOC_SHAPE };
  if (rev !== undefined) doc._rev = rev;
  return doc;
}

/** A shape-3 document's fields as shape 2 (every clock in fieldHlc); undefined when they are not well formed. */
function expandClocks(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const { [AT_HLC_FIELD]: atHlc, ...rest } = fields;
  if (!Array.isArray(atHlc) || !atHlc.every((field) => typeof field === 'string')) return undefined;
  const fieldHlc: Record<string, unknown> = { ...(rest.fieldHlc as Record<string, unknown>) };
  for (const field of atHlc) fieldHlc[field] = rest.hlc;
  return { ...rest, fieldHlc };
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
  const record = shape === DOC_SHAPE ? expandClocks(fields) : shape === RECORD_SHAPE ? fields : upgradeRecord(fields);
  if (!record) return undefined;
  return { ...record, serverRev: _rev, dirty: 0 } as unknown as Envelope;
}
