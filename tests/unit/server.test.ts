// Piso's server (src/server/server.mjs) as a pilot runs it: data on disk, an admin
// password, databases closed to non-admins until they have members.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optionsOf, startPisoServer, type PisoServer } from '../../src/server/server.mjs';

const PORT = 0; // any free port: the browser test uses 5927
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
  it('keeps its data, users and admin across a restart on the same directory', { timeout: 30_000 }, async () => {
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
    // Nor may she list the databases (CouchDB 3: admin_only_all_dbs).
    expect((await call('GET', '/_all_dbs', { auth: ana })).status).toBe(403);
    expect((await call('GET', '/_all_dbs', { auth: asAdmin })).body).toEqual(expect.arrayContaining(['fresh']));
  });

  it('serves a built app beside the API on one origin, with its headers and the page for any address', async () => {
    dir = mkdtempSync(join(tmpdir(), 'piso-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Piso</title>');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dir, 'assets', 'main-abc123.js'), 'export {};');
    server = await startPisoServer({ memory: true, port: PORT, ...ADMIN, app: dir });
    const origin = new URL(server.url).origin;
    expect(server.url).toBe(`${origin}/couch`);

    const page = await fetch(`${origin}/`);
    expect(await page.text()).toContain('<title>Piso</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    const worker = await fetch(`${origin}/sw.js`);
    expect(worker.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${origin}/assets/main-abc123.js`)).headers.get('cache-control')).toContain('immutable');
    const elsewhere = await fetch(`${origin}/some/page`, { headers: { accept: 'text/html' } });
    expect(await elsewhere.text()).toContain('<title>Piso</title>');

    expect((await call('GET', '/_session')).body.userCtx).toEqual({ name: null, roles: [] });
    expect((await call('PUT', '/field', { auth: asAdmin })).status).toBe(201);
  });

  it('takes its settings from the command line and the environment', () => {
    expect(optionsOf([], { PISO_ADMIN_PASSWORD: 'x' })).toMatchObject({
      dir: './data/server',
      port: 5984,
      host: '127.0.0.1',
      adminUser: 'admin',
      adminPassword: 'x',
      dev: false,
      app: false,
      origins: [],
    });
    const env = { PISO_SERVER_DIR: '/srv/piso', PISO_SERVER_PORT: '6000', PISO_SERVER_HOST: '0.0.0.0', PISO_ADMIN_USER: 'root' };
    expect(optionsOf(['--app'], env)).toMatchObject({ dir: '/srv/piso', port: 6000, host: '0.0.0.0', adminUser: 'root', app: true });
    expect(optionsOf(['--dev', '--port', '5990'], {})).toMatchObject({ dir: './data/dev', port: 5990, dev: true });
    expect(optionsOf(['--dev'], {}).origins).toContain('http://127.0.0.1:5173');
  });
});
