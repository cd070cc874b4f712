// Piso's server as the README's "Deployment" section runs it for a pilot: `node
// src/server/server.mjs --app` with its data in a directory and an admin password from
// the environment, set up with the setup tool and a users CSV. The app comes from the
// server itself (same origin, no CORS); roles are enforced by the server.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_PROJECT_ID } from '../../src/lib/domain/seed-data';
import { openControlled, SEED_TITLE_ES } from './helpers';
import { synced } from './sync-helpers';

const PORT = Number(process.env.PISO_SERVER_TEST_PORT ?? 5927);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const COUCH = `${ORIGIN}/couch`;
const ADMIN_ENV = { PISO_ADMIN_USER: 'admin', PISO_ADMIN_PASSWORD: 'pilot-admin-secret' };
const ADMIN = { authorization: `Basic ${Buffer.from('admin:pilot-admin-secret').toString('base64')}` };
const EDIT = `${ORIGIN}/#/projects/${SEED_PROJECT_ID}/edit`;

let dir: string;
let server: ChildProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piso-pilot-'));
  const env = { ...process.env, ...ADMIN_ENV, PISO_SERVER_DIR: join(dir, 'data'), PISO_SERVER_PORT: String(PORT) };
  server = spawn(process.execPath, ['src/server/server.mjs', '--app'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Piso server:') && resolve());
    server.on('exit', (code) => reject(new Error(`the server stopped (${code})`)));
  });
  writeFileSync(join(dir, 'users.csv'), 'name,role,password\nana,enumerator,ana-secret\nsue,supervisor,sue-secret\n');
  const setup = spawnSync(process.execPath, ['src/server/setup-server.mjs', '--url', COUCH, '--db', 'pilot', '--users', join(dir, 'users.csv')], {
    env: { ...process.env, ...ADMIN_ENV },
    encoding: 'utf8',
  });
  expect(setup.status, setup.stderr).toBe(0);
  expect(setup.stdout).toContain('user ana: created (role enumerator)');
});

test.afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function open(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openControlled(page, `${ORIGIN}/`);
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  return { context, page };
}

async function signIn(page: Page, user: string, password: string) {
  await page.goto(`${ORIGIN}/#/settings`);
  await page.getByLabel('Dirección del servidor').fill(COUCH);
  await page.getByLabel('Base de datos').fill('pilot');
  await page.getByLabel('Usuario').fill(user);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await expect(page.getByTestId('sync-signed-in')).toHaveText(`Sesión iniciada como ${user}.`);
}

async function editTitle(page: Page, title: string) {
  await page.goto(EDIT);
  await page.locator('#title-es').fill(title);
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

const serverProject = async () => (await fetch(`${COUCH}/pilot/${SEED_PROJECT_ID}`, { headers: ADMIN })).json();

test('an enumerator cannot change the project: the server refuses, the app explains and keeps it; a supervisor can', async ({ browser }) => {
  const supervisor = await open(browser);
  await signIn(supervisor.page, 'sue', 'sue-secret');
  await expect(supervisor.page.getByTestId('sync-role')).toHaveText('Rol en el servidor: supervisor.');
  await synced(supervisor.page);
  expect((await serverProject()).title.es).toBe(SEED_TITLE_ES);

  // An enumerator's device where the project was changed before anyone signed in.
  const enumerator = await open(browser);
  await editTitle(enumerator.page, 'Título cambiado por una encuestadora');
  await signIn(enumerator.page, 'ana', 'ana-secret');
  // Her interviews from now on are hers for the server: they name her user.
  await expect(enumerator.page.getByLabel('Nombre de quien encuesta en este dispositivo')).toHaveValue('ana');
  const failure = enumerator.page.getByTestId('sync-error');
  await expect(failure).toContainText('El servidor rechazó 1 registro');
  await expect(failure).toContainText('su rol no permite cambiar proyectos');
  await expect(failure).toContainText('siguen en este dispositivo');
  expect((await serverProject()).title.es).toBe(SEED_TITLE_ES);

  // Kept on the device, marked on its page; the editor is read-only for this role.
  await enumerator.page.goto(`${ORIGIN}/#/projects/${SEED_PROJECT_ID}`);
  await expect(enumerator.page.getByRole('heading', { level: 1 })).toHaveText('Título cambiado por una encuestadora');
  await expect(enumerator.page.getByTestId('refused-mark')).toHaveText(
    'Rechazado por el servidor: su rol no permite cambiar proyectos. Esta versión solo está en este dispositivo.',
  );
  await enumerator.page.goto(EDIT);
  await expect(enumerator.page.getByTestId('role-read-only')).toContainText('Su rol (encuestador) no permite cambiar proyectos');
  await expect(enumerator.page.locator('#title-es')).toBeDisabled();
  await expect(enumerator.page.getByRole('button', { name: 'Guardar' })).toBeDisabled();
  expect((await new AxeBuilder({ page: enumerator.page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  // Not sent again until edited: another sync leaves it refused, nothing else fails.
  await enumerator.page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(failure).toContainText('El servidor rechazó 1 registro');

  // The supervisor's change of the same project is accepted.
  await editTitle(supervisor.page, 'Título corregido por la supervisora');
  await synced(supervisor.page);
  expect((await serverProject()).title.es).toBe('Título corregido por la supervisora');

  // Nothing of the sign-in is kept but the user's name and roles.
  const stored = await enumerator.page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain('ana-secret');
  await supervisor.context.close();
  await enumerator.context.close();
});

test('an http:// server on another machine is refused, with the reason', async ({ browser }) => {
  const { context, page } = await open(browser);
  await page.goto(`${ORIGIN}/#/settings`);
  const settings = page.getByRole('region', { name: 'Sincronización con el servidor' });
  await settings.getByLabel('Dirección del servidor').fill('http://couch.example.org');
  await settings.getByLabel('Base de datos').fill('pilot');
  await settings.getByRole('button', { name: 'Guardar' }).click();
  await expect(settings.getByRole('alert')).toContainText('Esta dirección empieza por http://');
  await settings.getByLabel('Usuario').fill('ana');
  await settings.getByLabel('Contraseña', { exact: true }).fill('ana-secret');
  await settings.getByRole('button', { name: 'Iniciar sesión' }).click();
  await expect(settings.getByRole('alert')).toContainText('la contraseña y los datos viajarían sin protección');
  await expect(settings.getByTestId('sync-signed-in')).toHaveCount(0);
  // Nothing was saved: the app still has no server.
  await page.reload();
  await expect(settings.getByLabel('Dirección del servidor')).toHaveValue('');
  await context.close();
});
