// validate_doc_update on every write, as express-pouchdb's own "validation" module runs
// it (pouchdb-validation), but with a _bulk_docs checked as one batch. pouchdb-validation
// checks each document of a _bulk_docs on its own: for each it reads every design
// document (an allDocs query, which on the LevelDB adapter is a read stream and a lock)
// and compiles every validate_doc_update again, so 10,000 documents cost 10,000 queries
// and compilations whether or not a design document has one (about a third of the
// server's work on a _bulk_docs without any, measured in tests/bench/sync.mjs).
// Here a batch reads the design documents once and compiles each revision of a function
// once; every document is still checked, against its own current version, with the same
// arguments and the same errors (forbidden 403, unauthorized 401, else 500). Single
// writes (PUT, POST, DELETE, attachments) keep pouchdb-validation's wrappers.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

// pouchdb-validation and its helpers come with express-pouchdb: resolved through it, so
// that they are the very versions it would load.
const fromExpressPouchDB = createRequire(createRequire(import.meta.url).resolve('express-pouchdb'));
const fromValidation = createRequire(fromExpressPouchDB.resolve('pouchdb-validation'));
const validation = fromExpressPouchDB('pouchdb-validation');
const coucheval = fromValidation('couchdb-eval');
const { buildUserContextObject } = fromValidation('couchdb-objects');
const PouchPluginError = fromValidation('pouchdb-plugin-error');

/** Compiled functions by design document revision (a revision's content never changes). */
const compiled = new Map();

/** The validate_doc_update functions of the database's design documents, as pouchdb-validation builds them. */
async function validationFunctions(db) {
  const { rows } = await db.allDocs({ startkey: '_design/', endkey: '_design0', include_docs: true });
  return rows
    .filter((row) => typeof row.doc.validate_doc_update !== 'undefined')
    .map((row) => {
      const key = `${db.name}\u0000${row.id}\u0000${row.doc._rev}`;
      if (!compiled.has(key)) compiled.set(key, coucheval.evaluate(row.doc, {}, row.doc.validate_doc_update));
      return { designDoc: row.doc, func: compiled.get(key) };
    });
}

/** Design documents and _local ones are not validated (CouchDB's rule, and pouchdb-validation's). */
const exempt = (doc) => String(doc._id).indexOf('_design/') === 0 || String(doc._id).indexOf('_local') === 0;

/** One document against every function: throws the error pouchdb-validation would. */
function check(functions, newDoc, oldDoc, options) {
  // pouchdb-validation hands the functions the stored revisions this way; kept as it is.
  newDoc._revisions = (oldDoc || {})._revisions;
  try {
    for (const { func, designDoc } of functions) func.call(designDoc, newDoc, oldDoc, options.userCtx, options.secObj);
  } catch (e) {
    if (typeof e.unauthorized !== 'undefined') throw new PouchPluginError({ name: 'unauthorized', message: e.unauthorized, status: 401 });
    if (typeof e.forbidden !== 'undefined') throw new PouchPluginError({ name: 'forbidden', message: e.forbidden, status: 403 });
    throw coucheval.wrapExecutionError(e);
  }
}

/**
 * The bulkDocs handler (pouchdb-wrappers' form): checks the batch, writes what passed, and
 * answers the refusals (each with its id) before the database's results.
 */
async function validateBatch(bulkDocs, args) {
  const { base: db, options } = args;
  for (const doc of args.docs) doc._id = doc._id || randomUUID();
  const checked = args.docs.filter((doc) => !exempt(doc));
  const functions = checked.length > 0 ? await validationFunctions(db) : [];
  if (functions.length === 0) return bulkDocs();
  options.secObj ??= {};
  options.userCtx ??= buildUserContextObject(await db.info());
  const refused = [];
  const refusedDocs = new Set();
  await Promise.all(
    checked.map(async (doc) => {
      const oldDoc = await db.get(doc._id, { revs: true }).catch(() => null);
      try {
        check(functions, doc, oldDoc, options);
      } catch (error) {
        error.id = doc._id;
        refused.push(error);
        refusedDocs.add(doc);
      }
    }),
  );
  args.docs = args.docs.filter((doc) => !refusedDocs.has(doc));
  return refused.concat(await bulkDocs());
}

/**
 * Installs the checks in an express-pouchdb app created without its "validation" module,
 * over the PouchDB class it serves.
 */
export function validateWrites(couch, PouchDB) {
  PouchDB.plugin(validation);
  couch.dbWrapper.registerWrapper((name, db, next) => {
    db.installValidationMethods();
    // pouchdb-validation's handler is the one it just added, last: the batch check takes its place.
    const handlers = db.bulkDocs._handlers;
    handlers[handlers.length - 1] = validateBatch;
    next();
  });
}
