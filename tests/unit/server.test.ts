// Piso's server (src/server/server.mjs) as a pilot runs it: data on disk, an admin
// password, databases closed to non-admins until they have members.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPisoServer, type PisoServer } from '../../src/server/server.mjs';

const PORT = 5927;
const ADMIN = { adminUser: 'boss', adminPassword: 'secret-boss' };
const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
const asAdmin = basic(ADMIN.adminUser, ADMIN.adminPassword);

let server: PisoServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, { auth, body }: { auth?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = auth;
  const response = await fetch(`${server!.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Piso server', () => {
  it('keeps its data, users and admin across a restart on the same directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'piso-server-'));
    server = await startPisoServer({ dir, port: PORT, ...ADMIN });
    expect((await call('PUT', '/survey', { auth: asAdmin })).status).toBe(201);
    expect((await call('PUT', '/survey/r1', { auth: asAdmin, body: { answer: 42 } })).status).toBe(201);
    await call('PUT', '/_users/org.couchdb.user:ana', {
      auth: asAdmin,
      body: { name: 'ana', password: 'ana-pw', roles: ['enumerator'], type: 'user' },
    });
    await call('PUT', '/survey/_security', { auth: asAdmin, body: { members: { roles: ['enumerator'] }, admins: { roles: ['admin'] } } });
    await server.close();

    server = await startPisoServer({ dir, port: PORT, ...ADMIN });
    expect((await call('GET', '/survey/r1', { auth: asAdmin })).body.answer).toBe(42);
    expect((await call('GET', '/survey/r1', { auth: basic('ana', 'ana-pw') })).body.answer).toBe(42);
  });

  it('refuses to start without an admin password unless in development', async () => {
    dir = mkdtempSync(join(tmpdir(), 'piso-server-'));
    await expect(startPisoServer({ dir, port: PORT })).rejects.toThrow(/PISO_ADMIN_PASSWORD/);
  });

  it('closes a database without members to everyone but admins, as CouchDB 3', async () => {
    server = await startPisoServer({ memory: true, port: PORT, ...ADMIN });
    await call('PUT', '/fresh', { auth: asAdmin });
    await call('PUT', '/_users/org.couchdb.user:ana', {
      auth: asAdmin,
      body: { name: 'ana', password: 'ana-pw', roles: ['enumerator'], type: 'user' },
    });
    const ana = basic('ana', 'ana-pw');
    expect((await call('GET', '/fresh')).status).toBe(401);
    expect((await call('GET', '/fresh/_all_docs', { auth: ana })).status).toBe(403);
    expect((await call('POST', '/fresh/_bulk_docs', { auth: ana, body: { docs: [{ _id: 'x' }] } })).status).toBe(403);

    await call('PUT', '/fresh/_security', { auth: asAdmin, body: { members: { roles: ['supervisor'] }, admins: { roles: [] } } });
    expect((await call('GET', '/fresh/_all_docs', { auth: ana })).status).toBe(403);

    await call('PUT', '/fresh/_security', { auth: asAdmin, body: { members: { roles: ['enumerator'] }, admins: { roles: [] } } });
    expect((await call('GET', '/fresh/_all_docs', { auth: ana })).status).toBe(200);
    expect((await call('GET', '/fresh/_all_docs')).status).toBe(401);
  });
});
