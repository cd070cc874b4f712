// validate_doc_update as a server runs it: installed by the setup tool on Piso's server,
// with real users of each role writing through _bulk_docs and PUT, as devices do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'acorn';
import { startPisoServer, type PisoServer } from '../../src/server/server.mjs';
import { setUpServer } from '../../src/server/setup-server.mjs';
import { VALIDATE_DOC_UPDATE_SOURCE } from '../../src/lib/sync/validate-doc-update.mjs';
import { RECORD_KINDS } from '../../src/lib/domain/schemas';

const admin = { user: 'boss', password: 'boss-secret' };
const USERS = [
  { name: 'ana', role: 'enumerator', password: 'ana-pw' },
  { name: 'ben', role: 'enumerator', password: 'ben-pw' },
  { name: 'sue', role: 'supervisor', password: 'sue-pw' },
  { name: 'al', role: 'admin', password: 'al-pw' },
];
const as = (name: string) =>
  name === 'boss' ? `Basic ${Buffer.from('boss:boss-secret').toString('base64')}` : `Basic ${Buffer.from(`${name}:${name}-pw`).toString('base64')}`;

let server: PisoServer;
beforeAll(async () => {
  server = await startPisoServer({ memory: true, port: 0, adminUser: admin.user, adminPassword: admin.password });
  await setUpServer({ url: server.url, database: 'roles', users: USERS, admin, log: () => {} });
  // A user of the database by name, with no Piso role.
  await fetch(`${server.url}/_users/org.couchdb.user:nobody`, {
    method: 'PUT',
    headers: { authorization: as('boss'), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'nobody', password: 'nobody-pw', roles: [], type: 'user' }),
  });
  const security = await (await fetch(`${server.url}/roles/_security`, { headers: { authorization: as('boss') } })).json();
  security.members.names = ['nobody'];
  await fetch(`${server.url}/roles/_security`, {
    method: 'PUT',
    headers: { authorization: as('boss'), 'content-type': 'application/json' },
    body: JSON.stringify(security),
  });
});
afterAll(() => server.close());

let ids = 0;
function record(kind: string, fields: Record<string, unknown> = {}) {
  const n = ids++;
  // An entity's id is its list and its id in the list.
  const id = kind === 'entity' ? `workers:w-${n}` : `${kind}-${n}`;
  const entity = kind === 'entity' ? { list: 'workers', entityId: `w-${n}`, label: 'Rosa', properties: {}, visits: [] } : {};
  const now = '2026-03-01T10:00:00.000Z';
  return { _id: id, id, kind, hlc: '0001-0000-dev', fieldHlc: {}, deviceId: 'dev', createdAt: now, updatedAt: now, deleted: false, ...entity, ...fields };
}

/** Writes one document as a user through _bulk_docs; the new revision, or the refusal. */
async function write(user: string, doc: Record<string, unknown>): Promise<{ ok?: boolean; rev?: string; error?: string; reason?: string }> {
  const response = await fetch(`${server.url}/roles/_bulk_docs`, {
    method: 'POST',
    headers: { authorization: as(user), 'content-type': 'application/json' },
    body: JSON.stringify({ docs: [doc] }),
  });
  expect(response.status).toBe(201);
  const [result] = await response.json();
  return result;
}

/** Creates a document as the admin; returns it with its revision, ready to change. */
async function existing<D extends Record<string, unknown>>(doc: D): Promise<D & { _rev: string }> {
  const { rev } = await write('boss', doc);
  expect(rev).toBeDefined();
  return { ...doc, _rev: rev! };
}

const FRAMEWORK = ['project', 'outcome', 'indicator', 'form'];

describe('validate_doc_update', () => {
  it('is ES5 and accepts exactly the record kinds of the app', () => {
    expect(() => parse(`(${VALIDATE_DOC_UPDATE_SOURCE})`, { ecmaVersion: 5 })).not.toThrow();
    const accepts = (kind: string) => {
      // The text evaluated as CouchDB does: a function expression, called with a server admin.
      const check = new Function(`return (${VALIDATE_DOC_UPDATE_SOURCE});`)() as (...args: unknown[]) => void;
      try {
        check(record(kind), null, { name: null, roles: ['_admin'] }, {});
        return true;
      } catch {
        return false;
      }
    };
    expect([...RECORD_KINDS, 'file', 'bogus'].filter(accepts)).toEqual([...RECORD_KINDS]);
  });

  it.each(FRAMEWORK)('enumerator cannot create or change a %s; supervisor and admin can', async (kind) => {
    const created = await write('ana', record(kind));
    expect(created.error).toBe('forbidden');
    expect(created.reason).toMatch(new RegExp(`^role-kind: .*${kind}`));
    const doc = await existing(record(kind, { title: 'v1' }));
    expect((await write('ana', { ...doc, title: 'v2' })).reason).toMatch(/^role-kind:/);
    const bySupervisor = await write('sue', { ...doc, title: 'v2' });
    expect(bySupervisor.rev).toMatch(/^2-/);
    expect((await write('al', { ...doc, _rev: bySupervisor.rev, title: 'v3' })).rev).toMatch(/^3-/);
    expect((await write('sue', record(kind))).rev).toMatch(/^1-/);
  });

  it('enumerator creates responses naming themselves and corrects only those', async () => {
    const own = await write('ana', record('response', { enumerator: 'ana' }));
    expect(own.rev).toMatch(/^1-/);
    expect((await write('ana', record('response', { enumerator: 'ben' }))).reason).toMatch(/^role-others:/);

    const mine = await existing(record('response', { enumerator: 'ana', answers: { age: 30 } }));
    expect((await write('ana', { ...mine, answers: { age: 31 } })).rev).toMatch(/^2-/);
    // Nor may she hand her response to someone else.
    expect((await write('ana', { ...mine, enumerator: 'ben' })).reason).toMatch(/^role-others:/);

    const bens = await existing(record('response', { enumerator: 'ben', answers: { age: 40 } }));
    expect((await write('ana', { ...bens, answers: { age: 41 } })).reason).toMatch(/^role-others:/);
    expect((await write('ana', { ...bens, deleted: true })).reason).toMatch(/^role-others:/);
    expect((await write('ben', { ...bens, answers: { age: 41 } })).rev).toMatch(/^2-/);
  });

  it('a copy of what the server holds is not refused to anyone: it is a conflict, or changes nothing', async () => {
    const project = await existing(record('project', { title: { es: 'Igual' } }));
    const { _rev, ...copy } = project;
    expect((await write('ana', copy)).error).toBe('conflict');
    expect((await write('ana', project)).rev).toMatch(/^2-/);
    expect((await write('ana', { ...copy, title: { es: 'Otro' } })).reason).toMatch(/^role-kind:/);
    expect((await write('ana', { ...project, title: { es: 'Igual', en: 'Same' } })).reason).toMatch(/^role-kind:/);
    expect((await write('nobody', copy)).reason).toMatch(/^role-none:/);
  });

  it('supervisor corrects any response', async () => {
    const bens = await existing(record('response', { enumerator: 'ben' }));
    expect((await write('sue', { ...bens, status: 'finalized' })).rev).toMatch(/^2-/);
  });

  it('only an admin deletes a document outright (_deleted)', async () => {
    for (const user of ['ana', 'sue']) {
      const doc = await existing(record('response', { enumerator: user }));
      expect((await write(user, { _id: doc._id, _rev: doc._rev, _deleted: true })).reason).toMatch(/^role-delete:/);
    }
    const doc = await existing(record('project'));
    expect((await write('al', { _id: doc._id, _rev: doc._rev, _deleted: true })).ok).toBe(true);
  });

  it('a member without a Piso role writes nothing', async () => {
    expect((await write('nobody', record('response', { enumerator: 'nobody' }))).reason).toMatch(/^role-none:/);
  });

  it('file documents: any role creates one, nobody changes it, the id is its SHA-256', async () => {
    const hash = (n: number) => n.toString(16).padStart(64, '0');
    const file = (n: number) => ({
      _id: `file:${hash(n)}`,
      kind: 'file',
      _attachments: { content: { content_type: 'text/plain', data: Buffer.from(`file ${n}`).toString('base64') } },
    });
    for (const [i, user] of ['ana', 'sue', 'al'].entries()) expect((await write(user, file(i + 1))).rev).toMatch(/^1-/);
    const saved = await (await fetch(`${server.url}/roles/file:${hash(1)}`, { headers: { authorization: as('al') } })).json();
    for (const user of ['ana', 'sue', 'al', 'boss']) {
      expect((await write(user, { ...saved, kind: 'file', note: 'changed' })).reason).toMatch(/^file-written-once:/);
    }
    expect((await write('ana', { ...file(9), _id: 'file:not-a-hash' })).error).toBe('forbidden');
    expect((await write('ana', { ...file(10), kind: 'response' })).error).toBe('forbidden');
  });

  it('enumerator creates entities and follows up anyone\'s, but deletes none; supervisor and admin do', async () => {
    expect((await write('ana', record('entity'))).rev).toMatch(/^1-/);
    const bens = await existing(record('entity', { properties: { status: 'informal' } }));
    const followed = await write('ana', { ...bens, properties: { status: 'formal' }, visits: [{ id: 'r-1', by: 'ana' }] });
    expect(followed.rev).toMatch(/^2-/);
    const current = { ...bens, _rev: followed.rev, properties: { status: 'formal' } };
    expect((await write('ana', { ...current, deleted: true })).reason).toMatch(/^role-entity-delete:/);
    expect((await write('ana', { ...record('entity'), deleted: true })).reason).toMatch(/^role-entity-delete:/);
    const deleted = await write('sue', { ...current, deleted: true });
    expect(deleted.rev).toMatch(/^3-/);
    // Deleted by a supervisor: an enumerator's follow-up merged with it keeps it deleted;
    // registering it again brings it back (a creation).
    const gone = { ...current, _rev: deleted.rev, deleted: true };
    const later = await write('ana', { ...gone, properties: { status: 'unemployed' } });
    expect(later.rev).toMatch(/^4-/);
    const back = await write('ben', { ...gone, _rev: later.rev, properties: { status: 'formal' }, deleted: false });
    expect(back.rev).toMatch(/^5-/);
    expect((await write('ben', { ...gone, _rev: back.rev, deleted: true })).reason).toMatch(/^role-entity-delete:/);
    expect((await write('al', { ...gone, _rev: back.rev, deleted: true })).rev).toMatch(/^6-/);
    expect((await write('nobody', record('entity'))).reason).toMatch(/^role-none:/);
  });

  it('an entity keeps its list and its id in the list, for every role', async () => {
    const entity = await existing(record('entity'));
    for (const user of ['ana', 'sue', 'al']) {
      // Another list or another id in the list is another id: never the document's.
      expect((await write(user, { ...entity, list: 'households' })).reason).toMatch(/^an entity id is <list>:<entityId>/);
      expect((await write(user, { ...entity, entityId: 'w-other' })).reason).toMatch(/^an entity id is <list>:<entityId>/);
    }
    const posing = { ...record('entity'), _id: 'workers:x', id: 'workers:x', list: 'workers', entityId: 'y' };
    expect((await write('boss', posing)).reason).toMatch(/^an entity id is/);
    const colon = { ...record('entity'), _id: 'a:b:c', id: 'a:b:c', list: 'a:b', entityId: 'c' };
    expect((await write('sue', colon)).reason).toMatch(/^an entity id is/);
  });

  it('a record written in shape 3 (its clocks at the hlc listed by name) is the same as in shape 2', async () => {
    const hlc = '0002-0000-dev';
    const clocks = { title: hlc, deleted: '0001-0000-dev' };
    const shape2 = await existing(record('form', { hlc, fieldHlc: clocks, title: 'v1', pisoShape: 2 }));
    const shape3 = { ...shape2, fieldHlc: { deleted: clocks.deleted }, pisoAtHlc: ['title'], pisoShape: 3 };
    // An enumerator may not change a form, but sending it again as the server has it changes nothing.
    expect((await write('ana', shape3)).error).not.toBe('forbidden');
    expect((await write('ana', { ...shape3, pisoAtHlc: ['title', 'deleted'] })).reason).toMatch(/^role-kind:/);
    expect((await write('sue', { ...record('form'), pisoShape: 3, pisoAtHlc: 'title' })).reason).toBe('pisoAtHlc must be a list of field names');
    expect((await write('sue', { ...record('form'), pisoShape: 3, pisoAtHlc: [''] })).reason).toBe('pisoAtHlc must be a list of field names');
    expect((await write('sue', { ...record('form'), pisoShape: 3, pisoAtHlc: ['title'] })).rev).toMatch(/^1-/);
  });

  it('the record envelope is still checked for every role', async () => {
    expect((await write('boss', { ...record('project'), hlc: '' })).reason).toBe('hlc must be a non-empty string');
    expect((await write('sue', { ...record('bogus') })).reason).toBe('unknown kind: bogus');
    const project = await existing(record('project'));
    expect((await write('al', { ...project, kind: 'form' })).reason).toBe('kind cannot change');
  });
});

describe('validate_doc_update over a whole _bulk_docs (src/server/validation.mjs)', () => {
  async function bulk(user: string, docs: Record<string, unknown>[]) {
    const response = await fetch(`${server.url}/roles/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: as(user), 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    expect(response.status).toBe(201);
    const results: { id: string; ok?: boolean; rev?: string; error?: string; reason?: string }[] = await response.json();
    return new Map(results.map((result) => [result.id, result]));
  }

  it('checks each document against its own stored version, and stores only those that pass', async () => {
    const mine = await existing(record('response', { enumerator: 'ana', answers: { age: 30 } }));
    const bens = await existing(record('response', { enumerator: 'ben', answers: { age: 40 } }));
    const created = record('response', { enumerator: 'ana' });
    const forBen = record('response', { enumerator: 'ben' });
    const results = await bulk('ana', [
      { ...mine, answers: { age: 31 } },
      created,
      { ...bens, answers: { age: 41 } },
      forBen,
      record('project'),
    ]);
    expect(results.size).toBe(5);
    expect(results.get(mine._id)?.rev).toMatch(/^2-/);
    expect(results.get(created._id)?.rev).toMatch(/^1-/);
    expect(results.get(bens._id)?.reason).toMatch(/^role-others:/);
    expect(results.get(forBen._id)?.reason).toMatch(/^role-others:/);
    expect([...results.values()].filter((result) => result.error === 'forbidden')).toHaveLength(3);
    const stored = async (id: string) => (await fetch(`${server.url}/roles/${id}`, { headers: { authorization: as('boss') } })).json();
    expect((await stored(bens._id)).answers).toEqual({ age: 40 });
    expect((await stored(forBen._id)).error).toBe('not_found');
  });

  it('runs every design document’s function, and a changed one from the next batch on', async () => {
    const ddoc = { _id: '_design/extra', validate_doc_update: 'function (doc) { if (doc.flag === "no") throw({ forbidden: "extra: no" }); }' };
    const put = await bulk('boss', [ddoc]);
    const flagged = () => record('response', { enumerator: 'ana', flag: 'no' });
    expect((await bulk('ana', [flagged()])).values().next().value?.reason).toBe('extra: no');
    // The Piso function still runs beside it.
    expect((await bulk('ana', [record('response', { enumerator: 'ben' })])).values().next().value?.reason).toMatch(/^role-others:/);
    const changed = await bulk('boss', [{ ...ddoc, _rev: put.get(ddoc._id)!.rev, validate_doc_update: 'function (doc) { if (doc.flag === "yes") throw({ unauthorized: "extra: yes" }); }' }]);
    expect((await bulk('ana', [flagged()])).values().next().value?.rev).toMatch(/^1-/);
    const refused = (await bulk('ana', [record('response', { enumerator: 'ana', flag: 'yes' })])).values().next().value;
    expect(refused).toMatchObject({ error: 'unauthorized', reason: 'extra: yes' });
    await bulk('boss', [{ _id: ddoc._id, _rev: changed.get(ddoc._id)!.rev, _deleted: true }]);
    expect((await bulk('ana', [record('response', { enumerator: 'ana', flag: 'yes' })])).values().next().value?.rev).toMatch(/^1-/);
  });
});
