// Sets up a server for Piso, Apache CouchDB 3 and Piso's own server alike:
//
//   npm run setup-server -- --url URL --db NAME [--users users.csv]
//
// creates the database and its _security (members: roles enumerator and supervisor;
// admins: role admin), installs the design document with validate_doc_update, and creates
// the users of a CSV file (name,role,password; an empty password is generated and printed
// once). Running it again changes nothing. Admin credentials come from PISO_ADMIN_USER and
// PISO_ADMIN_PASSWORD, or from the URL (https://admin:secret@couch.example.org).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DESIGN_DOC_ID, VALIDATE_DOC_UPDATE_SOURCE } from '../lib/sync/validate-doc-update.mjs';

export const PISO_ROLES = ['enumerator', 'supervisor', 'admin'];
const MEMBER_ROLES = ['enumerator', 'supervisor'];
const ADMIN_ROLES = ['admin'];

/** The server's address without credentials, and the credentials it carried. */
function splitCredentials(url) {
  const parsed = new URL(url);
  const credentials = parsed.username
    ? { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }
    : undefined;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href.replace(/\/+$/, ''), credentials };
}

/**
 * A JSON client of one server, as an admin (HTTP Basic: CouchDB 3 and express-pouchdb);
 * without credentials, anonymous (a development server in "admin party").
 */
function adminClient(url, credentials) {
  const { user, password } = credentials ?? {};
  const authorization = credentials && `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return async (method, path, body, { auth = true } = {}) => {
    const headers = { accept: 'application/json' };
    if (auth && authorization) headers.authorization = authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (response.status === 401 && auth && authorization) throw new Error(`${url}: the admin credentials were refused (${user})`);
    return { status: response.status, body: answer };
  };
}

const ok = ({ status }) => status >= 200 && status < 300;

function expect2xx(result, what) {
  if (!ok(result)) throw new Error(`${what}: ${result.status} ${result.body.error ?? ''} ${result.body.reason ?? ''}`.trim());
  return result;
}

const union = (a = [], b = []) => [...new Set([...a, ...b])];
const sameSet = (a = [], b = []) => a.length === b.length && a.every((x) => b.includes(x));

async function ensureDatabase(call, name, log) {
  const path = `/${encodeURIComponent(name)}`;
  const found = await call('GET', path);
  if (ok(found)) return log(`database ${name}: exists`);
  if (found.status !== 404) expect2xx(found, `database ${name}`);
  expect2xx(await call('PUT', path), `creating database ${name}`);
  log(`database ${name}: created`);
}

/** Piso's roles added to what _security already names (an operator's additions are kept). */
async function ensureSecurity(call, database, log) {
  const path = `/${encodeURIComponent(database)}/_security`;
  const current = expect2xx(await call('GET', path), `${database}/_security`).body;
  const section = (name, roles) => ({
    names: current[name]?.names ?? [],
    roles: union(current[name]?.roles, roles),
  });
  const wanted = { ...current, members: section('members', MEMBER_ROLES), admins: section('admins', ADMIN_ROLES) };
  const same = ['members', 'admins'].every(
    (name) => sameSet(current[name]?.roles, wanted[name].roles) && sameSet(current[name]?.names, wanted[name].names),
  );
  if (same) return log(`${database}/_security: unchanged`);
  expect2xx(await call('PUT', path, wanted), `setting ${database}/_security`);
  log(`${database}/_security: members ${wanted.members.roles.join(', ')}; admins ${wanted.admins.roles.join(', ')}`);
}

async function ensureDesignDocument(call, database, log) {
  const path = `/${encodeURIComponent(database)}/${DESIGN_DOC_ID}`;
  const found = await call('GET', path);
  const current = ok(found) ? found.body : undefined;
  if (current?.validate_doc_update === VALIDATE_DOC_UPDATE_SOURCE) return log(`${database}/${DESIGN_DOC_ID}: unchanged`);
  const doc = { ...(current ?? {}), _id: DESIGN_DOC_ID, language: 'javascript', validate_doc_update: VALIDATE_DOC_UPDATE_SOURCE };
  expect2xx(await call('PUT', path, doc), `installing ${database}/${DESIGN_DOC_ID}`);
  log(`${database}/${DESIGN_DOC_ID}: ${current ? 'updated' : 'installed'} (validate_doc_update: roles)`);
}

const generatedPassword = () => randomBytes(12).toString('base64url');

async function ensureUser(call, { name, role, password }, log) {
  if (!PISO_ROLES.includes(role)) throw new Error(`user ${name}: unknown role "${role}" (${PISO_ROLES.join(', ')})`);
  const path = `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
  const found = await call('GET', path);
  if (found.status === 404) {
    const chosen = password || generatedPassword();
    expect2xx(await call('PUT', path, { _id: `org.couchdb.user:${name}`, name, type: 'user', roles: [role], password: chosen }), `creating user ${name}`);
    return log(password ? `user ${name}: created (role ${role})` : `user ${name}: created (role ${role}), password ${chosen} (shown once)`);
  }
  const user = expect2xx(found, `user ${name}`).body;
  // Roles that are not Piso's (an operator's own) are kept.
  const roles = [...(user.roles ?? []).filter((r) => !PISO_ROLES.includes(r)), role];
  const rolesChanged = !sameSet(user.roles, roles);
  const passwordChanged = !!password && !ok(await call('POST', '/_session', { name, password }, { auth: false }));
  if (!rolesChanged && !passwordChanged) return log(`user ${name}: unchanged (role ${role})`);
  expect2xx(await call('PUT', path, { ...user, roles, ...(passwordChanged ? { password } : {}) }), `updating user ${name}`);
  log(`user ${name}: ${[rolesChanged && `role ${role}`, passwordChanged && 'password'].filter(Boolean).join(' and ')} updated`);
}

/**
 * Sets up `database` on the server at `url`; `log` receives one line per step.
 * @param {{ url: string, database: string, users?: { name: string, role: string, password?: string }[],
 *   admin?: { user: string, password: string }, log?: (line: string) => void }} options
 */
export async function setUpServer({ url, database, users = [], admin, log = console.log }) {
  const split = splitCredentials(url);
  const credentials = admin ?? split.credentials;
  const call = adminClient(split.url, credentials);
  const session = expect2xx(await call('GET', '/_session'), 'signing in').body;
  if (!session.userCtx?.roles?.includes('_admin')) {
    throw new Error(
      credentials
        ? `${split.url}: ${credentials.user} is not a server admin`
        : 'admin credentials: set PISO_ADMIN_USER and PISO_ADMIN_PASSWORD, or put them in the URL',
    );
  }
  // A fresh single-node CouchDB 3 has no _users until someone creates it.
  await ensureDatabase(call, '_users', log);
  await ensureDatabase(call, database, log);
  await ensureSecurity(call, database, log);
  await ensureDesignDocument(call, database, log);
  for (const user of users) await ensureUser(call, user, log);
}

/** The users of a CSV file: name,role,password per line (a header line and # comments allowed). */
export function parseUsersCsv(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')))
    .filter(([name, role], index) => !(index === 0 && name === 'name' && role === 'role'))
    .map(([name, role, password], index) => {
      if (!name || !role) throw new Error(`users CSV, line ${index + 1}: name and role are required`);
      return { name, role, password: password || undefined };
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const url = arg('--url');
  const database = arg('--db');
  const usersFile = arg('--users');
  if (!url || !database) {
    console.error('usage: npm run setup-server -- --url URL --db NAME [--users users.csv]');
    process.exit(2);
  }
  const { PISO_ADMIN_USER, PISO_ADMIN_PASSWORD } = process.env;
  try {
    await setUpServer({
      url,
      database,
      users: usersFile ? parseUsersCsv(readFileSync(usersFile, 'utf8')) : [],
      admin: PISO_ADMIN_PASSWORD ? { user: PISO_ADMIN_USER || 'admin', password: PISO_ADMIN_PASSWORD } : undefined,
    });
  } catch (error) {
    console.error(`setup-server: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
