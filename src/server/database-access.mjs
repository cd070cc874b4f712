// Who may open a database, as Apache CouchDB 3 decides it: server admins always; the
// database's admins (names or roles in _security.admins); its members, and only once
// _security names some — a new database, with no members, is closed to all but admins.
// express-pouchdb (pouchdb-security) follows CouchDB 2 instead, where a database without
// members is public, and answers 401 to a signed-in user who is not a member.
//
// The check runs inside express-pouchdb's own router, right after it has found the
// database and the signed-in user (req.couchSession), and before any database route.

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

/** Installs the check in an express-pouchdb app (before its database routes). */
export function closeNewDatabases(couch) {
  couch.all(['/:db', '/:db/*'], (req, res, next) => {
    const userCtx = req.couchSession?.userCtx ?? { name: null, roles: [] };
    if (isSystemDatabase(req.params.db) || userCtx.roles.includes('_admin')) return next();
    req.db.getSecurity().then(
      (security) => {
        if (mayOpenDatabase(userCtx, security)) return next();
        if (userCtx.name === null) {
          res.status(401).json({ error: 'unauthorized', reason: 'You are not authorized to access this db.' });
        } else {
          res.status(403).json({ error: 'forbidden', reason: 'You are not allowed to access this db.' });
        }
      },
      (error) => next(error),
    );
  });
  // express-pouchdb registered all its routes when it was created: move this check from
  // the end of its router to just before its first database route (GET /:db, the database's
  // information), which follows the layers that set req.db.
  const stack = couch._router.stack;
  const check = stack.pop();
  const firstRoute = stack.findIndex(
    (layer) => layer.route?.path === '/:db' && layer.route.methods.get && !layer.route.methods.put,
  );
  if (firstRoute < 0) throw new Error('express-pouchdb: its database routes were not found');
  stack.splice(firstRoute, 0, check);
}
