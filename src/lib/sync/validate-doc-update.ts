// The server-side check of what devices write, installed as the design document
// `_design/piso`. The function is TEXT: CouchDB runs it in its own JavaScript engine on
// every write. The app never evaluates it (its CSP forbids eval); it only sends it.
// Written in ES5, which every CouchDB JavaScript engine (SpiderMonkey, QuickJS) runs.

import type { CouchClient } from './couch-client';
import { RECORD_KINDS } from '../domain/schemas';

export const DESIGN_DOC_ID = '_design/piso';

const KINDS = JSON.stringify(RECORD_KINDS);

export const VALIDATE_DOC_UPDATE_SOURCE = `function (newDoc, oldDoc, userCtx, secObj) {
  var kinds = ${KINDS};
  function refuse(why) { throw({ forbidden: why }); }
  function isText(v) { return typeof v === 'string' && v.length > 0; }
  if (newDoc._deleted) {
    // Piso deletes with tombstones (deleted: true, clocks kept); only an administrator
    // removes a document outright.
    if (userCtx.roles.indexOf('_admin') === -1) refuse('Piso records are deleted with deleted: true, not _deleted');
    return;
  }
  if (newDoc.kind === 'file' || newDoc._id.indexOf('file:') === 0) {
    // A captured file (lib/sync/file-doc.ts): under the SHA-256 of its bytes, which the
    // devices check on arrival (this engine cannot hash), with them as attachment "data";
    // written once, never changed.
    if (newDoc._id !== 'file:' + newDoc.hash || !/^[0-9a-f]{64}$/.test(newDoc.hash)) refuse('a file is stored as file:<sha256 of its bytes>');
    if (newDoc.kind !== 'file' || !newDoc._attachments || !newDoc._attachments.data) refuse('a file document has kind file and its bytes as attachment data');
    if (oldDoc && !oldDoc._deleted) refuse('files are written once');
    return;
  }
  if (newDoc.id !== newDoc._id) refuse('id must equal _id');
  if (kinds.indexOf(newDoc.kind) === -1) refuse('unknown kind: ' + newDoc.kind);
  if (!isText(newDoc.hlc)) refuse('hlc must be a non-empty string');
  if (!newDoc.fieldHlc || typeof newDoc.fieldHlc !== 'object' || Array.isArray(newDoc.fieldHlc)) refuse('fieldHlc must be an object');
  for (var field in newDoc.fieldHlc) {
    if (!isText(newDoc.fieldHlc[field])) refuse('fieldHlc.' + field + ' must be a non-empty string');
  }
  if (!isText(newDoc.deviceId)) refuse('deviceId must be a non-empty string');
  if (!isText(newDoc.createdAt) || !isText(newDoc.updatedAt)) refuse('createdAt and updatedAt must be ISO strings');
  if (typeof newDoc.deleted !== 'boolean') refuse('deleted must be true or false');
  if (oldDoc && !oldDoc._deleted && oldDoc.kind !== newDoc.kind) refuse('kind cannot change');
}`;

/** Installs or updates `_design/piso` (needs a database administrator's session). */
export async function installValidation(client: CouchClient): Promise<void> {
  const path = client.dbPath(DESIGN_DOC_ID);
  const existing = await client.send('GET', path);
  const current = existing.ok ? ((await existing.json()) as { _rev: string; validate_doc_update?: string }) : undefined;
  if (current?.validate_doc_update === VALIDATE_DOC_UPDATE_SOURCE) return;
  await client.request('PUT', path, {
    ...(current ? { _rev: current._rev } : {}),
    language: 'javascript',
    validate_doc_update: VALIDATE_DOC_UPDATE_SOURCE,
  });
}
