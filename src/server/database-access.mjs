// Who may open a database, as Apache CouchDB 3 decides it: server admins always; the
// database's admins (names or roles in _security.admins); its members, and only once
// _security names some — a new database, with no members, is closed to all but admins.
// express-pouchdb (pouchdb-security) follows CouchDB 2 instead, where a database without
// members is public, and answers 401 to a signed-in user who is not a member.
//
// The checks run inside express-pouchdb's own router, after it has found the signed-in
// user (req.couchSession) and the database, and before the routes they guard.

/** A database whose name starts with "_" (_users, _replicator) keeps express-pouchdb's rules. */
const isSystemDatabase = (name) => name.startsWith('_');

const listed = (userCtx, section = {}) =>
  (section.names ?? []).includes(userCtx.name) || (section.roles ?? []).some((role) => userCtx.roles.includes(role));

/** Whether userCtx may use a database with this security object (CouchDB 3's rule). */
export function mayOpenDatabase(userCtx, security) {
  if (userCtx.roles.includes('_admin')) return true;
  if (listed(userCtx, security.admins)) return true;
  return listed(userCtx, security.members);
}

/** Moves the layer just added to the end of express-pouchdb's router to just before `before`. */
function moveLastBefore(couch, before) {
  // express-pouchdb registered all its routes when it was created: a check added now would
  // come after them (and after its 404 handler).
  const stack = couch._router.stack;
  const check = stack.pop();
  const at = stack.findIndex(before);
  if (at < 0) throw new Error('express-pouchdb: the route to guard was not found');
  stack.splice(at, 0, check);
}

const userOf = (req) => req.couchSession?.userCtx ?? { name: null, roles: [] };

function refuse(res, userCtx) {
  if (userCtx.name === null) {
    res.status(401).json({ error: 'unauthorized', reason: 'You are not authorized to access this db.' });
  } else {
    res.status(403).json({ error: 'forbidden', reason: 'You are not allowed to access this db.' });
  }
}

/** Installs the checks in an express-pouchdb app: databases by membership, the list of them for admins. */
export function closeNewDatabases(couch) {
  couch.all(['/:db', '/:db/*'], (req, res, next) => {
    const userCtx = userOf(req);
    if (isSystemDatabase(req.params.db) || userCtx.roles.includes('_admin')) return next();
    req.db.getSecurity().then(
      (security) => (mayOpenDatabase(userCtx, security) ? next() : refuse(res, userCtx)),
      (error) => next(error),
    );
  });
  // Just before its first database route (GET /:db, the database's information), which
  // follows the layers that set req.db.
  moveLastBefore(couch, (layer) => layer.route?.path === '/:db' && layer.route.methods.get && !layer.route.methods.put);

  // The names of all databases are for server admins (CouchDB 3's admin_only_all_dbs).
  couch.get('/_all_dbs', (req, res, next) => (userOf(req).roles.includes('_admin') ? next() : refuse(res, userOf(req))));
  moveLastBefore(couch, (layer) => layer.route?.path === '/_all_dbs');
}
