// Shared by the browser sync tests: an in-memory CouchDB-compatible server with an admin
// and the user ana, databases ana may use, signing a device in through Settings, and
// waiting for a sync to finish.
import { expect, type Browser, type Page } from '@playwright/test';
import { startPisoServer, type PisoServer } from '../../src/server/server.mjs';
import { openControlled, SEED_TITLE_ES } from './helpers';

export const ADMIN = { authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}`, 'content-type': 'application/json' };

/** A server with an admin and the user ana; only authenticated requests once the admin exists (pouchdb-server #374). */
export async function startServer(port: number, origin: string): Promise<PisoServer> {
  const started = await startPisoServer({ memory: true, dev: true, port, origins: [origin] });
  await fetch(`${started.url}/_config/admins/admin`, { method: 'PUT', body: JSON.stringify('secret') });
  const ana = { name: 'ana', password: 'pw', roles: ['supervisor'], type: 'user' };
  await fetch(`${started.url}/_users/org.couchdb.user:ana`, { method: 'PUT', headers: ADMIN, body: JSON.stringify(ana) });
  return started;
}

/** A database ana is a member of. */
export async function createDatabase(server: PisoServer, name: string): Promise<void> {
  await fetch(`${server.url}/${name}`, { method: 'PUT', headers: ADMIN });
  const security = { admins: { names: [], roles: [] }, members: { names: ['ana'], roles: [] } };
  await fetch(`${server.url}/${name}/_security`, { method: 'PUT', headers: ADMIN, body: JSON.stringify(security) });
}

export async function signIn(page: Page, server: PisoServer, database: string): Promise<void> {
  await page.goto('/#/settings');
  await page.getByLabel('Dirección del servidor').fill(server.url);
  await page.getByLabel('Base de datos').fill(database);
  await page.getByLabel('Usuario').fill('ana');
  await page.getByLabel('Contraseña', { exact: true }).fill('pw');
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await expect(page.getByTestId('sync-signed-in')).toHaveText('Sesión iniciada como ana.');
}

/** Syncs and waits until nothing is pending and no error shows. */
export async function synced(page: Page): Promise<void> {
  const status = page.getByTestId('sync-status');
  await expect(page.getByRole('button', { name: 'Sincronizar ahora' })).toBeEnabled();
  const before = await status.getAttribute('data-last-success');
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(status).not.toHaveAttribute('data-last-success', before ?? '');
  await expect(page.getByTestId('sync-pending')).toHaveText('Todo subido');
  await expect(page.getByTestId('sync-last')).toContainText('Última sincronización');
  await expect(page.getByTestId('sync-error')).toHaveCount(0);
}

/** A device installed and precached (as before going to the field), signed in and synced once. */
export async function device(browser: Browser, server: PisoServer, database: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openControlled(page);
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await signIn(page, server, database);
  await synced(page);
  return { context, page };
}
