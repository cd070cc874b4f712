// The server-side check of every write, installed as `_design/piso` by the setup tool
// (src/server/setup-server.mjs). Plain JavaScript, so that the tests and the setup
// tool (plain Node) share it; CouchDB receives it as TEXT (VALIDATE_DOC_UPDATE_SOURCE) and
// runs it in its own engine on every write, replication included. The app never evaluates
// it (its CSP forbids eval). ES5 only: every CouchDB JavaScript engine (SpiderMonkey,
// QuickJS) runs it, and so does express-pouchdb.
//
// Roles (the user's CouchDB roles, userCtx.roles):
//   admin (or server admin _admin): everything, including CouchDB deletions (_deleted);
//   supervisor: every record kind (results framework, forms, any response);
//   enumerator: creates responses, and changes only those they started: a response's
//     `enumerator` field holds the CouchDB user name of who started it (the app sets the
//     enumerator name to the signed-in user), and an enumerator may not change it.
//     Creates and updates any entity (a follow-up visit is made by whoever of the team
//     meets the worker), but does not delete one. A registration of a deleted entity
//     brings it back (lib/db/entity-apply.ts): that is a creation, and allowed.
// An entity's id is its list and its id in the list (`<list>:<entityId>`), so that no
// one, whatever the role, moves an entity to another list or id: the id never changes.
// Every role may create a file document `file:<sha256 hex>` (kind "file", its content an
// attachment in the same write: lib/sync/file-doc.ts); nobody changes one afterwards.
// A refusal's text starts with a code the app translates ("role-kind: ...").

function validateDocUpdate(newDoc, oldDoc, userCtx, secObj) {
  var kinds = ['project', 'outcome', 'indicator', 'form', 'response', 'entity'];
  var roles = userCtx.roles || [];
  function has(role) { return roles.indexOf(role) !== -1; }
  function refuse(why) { throw({ forbidden: why }); }
  function isText(v) { return typeof v === 'string' && v.length > 0; }
  function same(a, b, top) {
    if (a === b) return true;
    if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
    var keys = {};
    var key;
    for (key in a) keys[key] = true;
    for (key in b) keys[key] = true;
    for (key in keys) {
      if (top && (key === '_rev' || key === '_revisions' || key === 'pisoShape' || key === 'pisoAtHlc' || key === 'fieldHlc')) continue;
      if (!same(a[key], b[key], false)) return false;
    }
    return !top || same(clocksOf(a), clocksOf(b), false);
  }
  // A document of shape 3 names the fields whose clock is its hlc in pisoAtHlc instead of
  // repeating it (lib/sync/documents.ts): a record in shape 2 or 3 has the same clocks.
  function clocksOf(doc) {
    var clocks = {};
    var key;
    for (key in doc.fieldHlc || {}) clocks[key] = doc.fieldHlc[key];
    if (doc.pisoShape === 3 && Array.isArray(doc.pisoAtHlc)) {
      for (var i = 0; i < doc.pisoAtHlc.length; i++) clocks[doc.pisoAtHlc[i]] = doc.hlc;
    }
    return clocks;
  }
  var isAdmin = has('_admin') || has('admin');
  var isSupervisor = isAdmin || has('supervisor');
  var isMember = isSupervisor || has('enumerator');
  var exists = oldDoc && !oldDoc._deleted;

  if (newDoc._deleted) {
    // Piso deletes with tombstones (deleted: true, clocks kept); only an administrator
    // removes a document outright.
    if (!isAdmin) refuse('role-delete: Piso records are deleted with deleted: true, not _deleted');
    return;
  }
  if (!isMember) refuse('role-none: the user ' + userCtx.name + ' has no Piso role (enumerator, supervisor or admin)');
  // A document sent again as the server has it changes nothing, whoever sends it (a device's
  // first push of the records every device starts with): CouchDB answers it with a
  // conflict, or a new revision of the same content. express-pouchdb validates before it
  // looks at revisions, so without this an enumerator's copy would be refused.
  if (exists && same(newDoc, oldDoc, true)) return;

  if (newDoc._id.indexOf('file:') === 0) {
    if (!/^file:[0-9a-f]{64}$/.test(newDoc._id)) refuse('a file document id is file:<sha256 in lowercase hex>');
    if (newDoc.kind !== 'file') refuse('a file document has kind file');
    if (exists) refuse('file-written-once: a file document is written once and never changed');
    // Written once: one without its bytes would keep them out for good.
    if (!newDoc._attachments || Object.keys(newDoc._attachments).length === 0) refuse('a file document carries its bytes as an attachment');
    return;
  }

  if (newDoc.id !== newDoc._id) refuse('id must equal _id');
  if (kinds.indexOf(newDoc.kind) === -1) refuse('unknown kind: ' + newDoc.kind);
  if (!isText(newDoc.hlc)) refuse('hlc must be a non-empty string');
  if (!newDoc.fieldHlc || typeof newDoc.fieldHlc !== 'object' || Array.isArray(newDoc.fieldHlc)) refuse('fieldHlc must be an object');
  for (var field in newDoc.fieldHlc) {
    if (!isText(newDoc.fieldHlc[field])) refuse('fieldHlc.' + field + ' must be a non-empty string');
  }
  if (newDoc.pisoShape === 3) {
    if (!Array.isArray(newDoc.pisoAtHlc)) refuse('pisoAtHlc must be a list of field names');
    for (var at = 0; at < newDoc.pisoAtHlc.length; at++) {
      if (!isText(newDoc.pisoAtHlc[at])) refuse('pisoAtHlc must be a list of field names');
    }
  }
  if (!isText(newDoc.deviceId)) refuse('deviceId must be a non-empty string');
  if (!isText(newDoc.createdAt) || !isText(newDoc.updatedAt)) refuse('createdAt and updatedAt must be ISO strings');
  if (typeof newDoc.deleted !== 'boolean') refuse('deleted must be true or false');
  if (exists && oldDoc.kind !== newDoc.kind) refuse('kind cannot change');
  if (newDoc.kind === 'entity') {
    if (!isText(newDoc.list) || newDoc.list.indexOf(':') !== -1 || !isText(newDoc.entityId) || newDoc.id !== newDoc.list + ':' + newDoc.entityId) {
      refuse('an entity id is <list>:<entityId>, its list without ":"');
    }
  }

  if (isSupervisor) return;
  if (newDoc.kind === 'entity') {
    if (newDoc.deleted && !(exists && oldDoc.deleted)) refuse('role-entity-delete: the role enumerator cannot delete an entity');
    return;
  }
  if (newDoc.kind !== 'response') refuse('role-kind: the role enumerator cannot change ' + newDoc.kind + ' records');
  var startedBy = exists ? oldDoc.enumerator : newDoc.enumerator;
  if (startedBy !== userCtx.name || newDoc.enumerator !== startedBy) {
    refuse('role-others: an enumerator changes only the responses they started (enumerator ' + userCtx.name + ')');
  }
}

/** The function as CouchDB receives it: an anonymous function expression. */
export const VALIDATE_DOC_UPDATE_SOURCE = String(validateDocUpdate).replace(/^function validateDocUpdate/, 'function ');

/** Where it is installed. */
export const DESIGN_DOC_ID = '_design/piso';
