// The setup tool against Piso's own server (what it does on Apache CouchDB 3 is the same
// HTTP): everything a database needs, and nothing changed when run a second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPisoServer, type PisoServer } from '../../src/server/server.mjs';
import { parseUsersCsv, setUpServer } from '../../src/server/setup-server.mjs';
import { VALIDATE_DOC_UPDATE_SOURCE } from '../../src/lib/sync/validate-doc-update.mjs';

const admin = { user: 'boss', password: 'boss-secret' };
const auth = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
let server: PisoServer;
beforeAll(async () => {
  server = await startPisoServer({ memory: true, port: 0, adminUser: admin.user, adminPassword: admin.password });
});
afterAll(() => server.close());

const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: auth } })).json();

const CSV = `name,role,password
ana,enumerator,ana-secret
"sue",supervisor,sue-secret
# a generated password is printed once
gil,admin,
`;

describe('setup-server', () => {
  it('reads users from CSV (header, quotes, comments, empty password)', () => {
    expect(parseUsersCsv(CSV)).toEqual([
      { name: 'ana', role: 'enumerator', password: 'ana-secret' },
      { name: 'sue', role: 'supervisor', password: 'sue-secret' },
      { name: 'gil', role: 'admin', password: undefined },
    ]);
  });

  it('creates the database, its security, validation and users; a second run changes nothing', { timeout: 30_000 }, async () => {
    const first: string[] = [];
    await setUpServer({ url: server.url, database: 'pilot', users: parseUsersCsv(CSV), admin, log: (line) => first.push(line) });
    expect(first).toContain('database pilot: created');
    expect(first.some((line) => /^user gil: created \(role admin\), password \S{16} \(shown once\)$/.test(line))).toBe(true);

    expect(await get('/pilot/_security')).toEqual({
      members: { names: [], roles: ['enumerator', 'supervisor'] },
      admins: { names: [], roles: ['admin'] },
    });
    const design = await get('/pilot/_design/piso');
    expect(design.validate_doc_update).toBe(VALIDATE_DOC_UPDATE_SOURCE);
    const ana = await get(`/_users/${encodeURIComponent('org.couchdb.user:ana')}`);
    expect(ana.roles).toEqual(['enumerator']);
    const signIn = await fetch(`${server.url}/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sue', password: 'sue-secret' }),
    });
    expect((await signIn.json()).roles).toEqual(['supervisor']);

    const revs = async () => [(await get('/pilot/_design/piso'))._rev, (await get(`/_users/${encodeURIComponent('org.couchdb.user:ana')}`))._rev];
    const before = await revs();
    const second: string[] = [];
    await setUpServer({ url: server.url, database: 'pilot', users: parseUsersCsv(CSV), admin, log: (line) => second.push(line) });
    expect(second).toEqual([
      'database _users: exists',
      'database pilot: exists',
      'pilot/_security: unchanged',
      'pilot/_design/piso: unchanged',
      'user ana: unchanged (role enumerator)',
      'user sue: unchanged (role supervisor)',
      'user gil: unchanged (role admin)',
    ]);
    expect(await revs()).toEqual(before);
  });

  it('changes a role and a password named in the CSV, and keeps an operator\'s additions to _security', async () => {
    await setUpServer({ url: server.url, database: 'field', users: parseUsersCsv('ana,enumerator,one'), admin, log: () => {} });
    await fetch(`${server.url}/field/_security`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ members: { names: ['visitor'], roles: ['enumerator', 'supervisor'] }, admins: { names: [], roles: ['admin'] } }),
    });
    const lines: string[] = [];
    await setUpServer({ url: server.url, database: 'field', users: parseUsersCsv('ana,supervisor,two'), admin, log: (line) => lines.push(line) });
    expect(lines).toContain('field/_security: unchanged');
    expect(lines).toContain('user ana: role supervisor and password updated');
    expect((await get('/field/_security')).members.names).toEqual(['visitor']);
  });

  it('refuses wrong admin credentials, and takes them from the URL', async () => {
    await expect(setUpServer({ url: server.url, database: 'x', admin: { user: 'boss', password: 'wrong' }, log: () => {} })).rejects.toThrow(
      /admin credentials were refused/,
    );
    const withCredentials = server.url.replace('http://', 'http://boss:boss-secret@');
    const lines: string[] = [];
    await setUpServer({ url: withCredentials, database: 'from-url', log: (line) => lines.push(line) });
    expect(lines).toContain('database from-url: created');
  });
});
