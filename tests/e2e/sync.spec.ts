// Two browser contexts are two devices syncing through one in-memory CouchDB-compatible
// server on its own port. Devices sign in through Settings with a cookie session
// (127.0.0.1:<app port> and 127.0.0.1:5991 are same-site: the cookie goes cross-port).
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { PisoServer } from '../../src/server/server.mjs';
import { ADMIN, createDatabase as createE2eDatabase, signIn as signInTo, startServer as startE2eServer, synced } from './sync-helpers';
import { SEED_PROJECT_ID } from '../../src/lib/domain/seed-data';
import { openControlled, SEED_TITLE_ES } from './helpers';

const SERVER_PORT = Number(process.env.PISO_SYNC_PORT ?? 5991);
let server: PisoServer;
let databases = 0;

test.describe.configure({ mode: 'serial' });

const startServer = (origin: string) => startE2eServer(SERVER_PORT, origin);
const createDatabase = (name: string) => createE2eDatabase(server, name);
const signIn = (page: Page, database: string) => signInTo(page, server, database);

async function newDatabase(): Promise<string> {
  const name = `e2e-${databases++}`;
  await createDatabase(name);
  return name;
}

async function serverProject(name: string): Promise<Record<string, unknown>> {
  return (await fetch(`${server.url}/${name}/${SEED_PROJECT_ID}`, { headers: ADMIN })).json();
}

test.beforeAll(async ({}, info) => {
  server = await startServer(String(info.project.use.baseURL));
});
test.afterAll(() => server.close());

async function device(browser: Browser, database: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Installed and precached, as a device is before it goes to the field: every screen
  // is its own chunk, and offline it comes from the service worker.
  await openControlled(page);
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await signIn(page, database);
  await synced(page);
  return { context, page };
}

async function editSeed(page: Page, change: (page: Page) => Promise<void>) {
  await page.goto(`/#/projects/${SEED_PROJECT_ID}/edit`);
  await change(page);
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Editar proyecto');
}

const setTitle = (title: string) => (page: Page) => page.getByLabel('En español').first().fill(title);
const setBudget = (amount: string) => (page: Page) => page.getByLabel('Presupuesto (importe)').fill(amount);

async function seedFields(page: Page) {
  await page.goto(`/#/projects/${SEED_PROJECT_ID}/edit`);
  const title = await page.getByLabel('En español').first().inputValue();
  const budget = await page.getByLabel('Presupuesto (importe)').inputValue();
  await page.goto('/');
  return { title, budget };
}

test('edits of two fields made offline on two devices both reach both devices and the server', async ({ browser }) => {
  const name = await newDatabase();
  const a = await device(browser, name);
  const b = await device(browser, name);
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await editSeed(a.page, setTitle('Título cambiado en A'));
  await editSeed(b.page, setBudget('12345'));
  await expect(a.page.getByTestId('sync-pending')).toHaveText('1 cambio pendiente');

  await a.context.setOffline(false); // the online event starts a sync by itself
  await expect(a.page.getByTestId('sync-pending')).toHaveText('Todo subido');
  await b.context.setOffline(false);
  await expect(b.page.getByTestId('sync-pending')).toHaveText('Todo subido');
  await synced(a.page);

  for (const page of [a.page, b.page]) expect(await seedFields(page)).toEqual({ title: 'Título cambiado en A', budget: '12345' });
  const onServer = await serverProject(name);
  expect(onServer).toMatchObject({ title: expect.objectContaining({ es: 'Título cambiado en A' }), budget: expect.objectContaining({ amount: 12345 }) });
});

test('the later edit of one field wins everywhere; a deletion and an edit both travel', async ({ browser }) => {
  const name = await newDatabase();
  const a = await device(browser, name);
  const b = await device(browser, name);
  await editSeed(a.page, setTitle('Primero'));
  await editSeed(b.page, setTitle('Después'));
  await synced(a.page);
  await synced(b.page);
  await synced(a.page);
  for (const page of [a.page, b.page]) expect((await seedFields(page)).title).toBe('Después');

  // A deletes while B edits the budget.
  await a.page.goto(`/#/projects/${SEED_PROJECT_ID}`);
  await a.page.getByRole('button', { name: 'Eliminar' }).first().click();
  await expect(a.page.getByRole('heading', { name: 'Proyectos' })).toBeVisible();
  await editSeed(b.page, setBudget('777'));
  await synced(a.page);
  await synced(b.page);
  await synced(a.page);
  for (const page of [a.page, b.page]) {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Proyectos' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Después' })).toHaveCount(0);
  }
  expect(await serverProject(name)).toMatchObject({ deleted: true, budget: expect.objectContaining({ amount: 777 }) });
});

test('a connection cut in the middle of a push and of a pull loses and doubles nothing', async ({ browser }) => {
  const name = await newDatabase();
  const a = await device(browser, name);
  await editSeed(a.page, setTitle('Cortado'));
  // The push reaches the server, but its answer never comes back.
  await a.page.route('**/_bulk_docs', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  await a.page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(a.page.getByTestId('sync-error')).toContainText('No se puede llegar al servidor');
  await a.page.unroute('**/_bulk_docs');
  await synced(a.page);

  const b = await device(browser, name);
  await editSeed(a.page, setBudget('4242'));
  await synced(a.page);
  await b.page.route('**/_changes*', (route) => route.abort('connectionreset'));
  await b.page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(b.page.getByTestId('sync-error')).toContainText('No se puede llegar al servidor');
  await b.page.unroute('**/_changes*');
  await synced(b.page);
  expect(await seedFields(b.page)).toEqual({ title: 'Cortado', budget: '4242' });
  const all = await (await fetch(`${server.url}/${name}/_all_docs`, { headers: ADMIN })).json();
  expect(all.rows.filter((row: { id: string }) => row.id === SEED_PROJECT_ID)).toHaveLength(1);
});

test('an expired session asks to sign in again, and nothing is lost', async ({ browser }) => {
  const name = await newDatabase();
  const a = await device(browser, name);
  await a.context.clearCookies(); // the server no longer knows this device
  await editSeed(a.page, setTitle('Hecho sin sesión'));
  await a.page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(a.page.getByTestId('sync-error')).toContainText('inicie sesión de nuevo');
  await expect(a.page.getByTestId('sync-pending')).toHaveText('1 cambio pendiente');
  await a.page.getByRole('link', { name: 'Iniciar sesión de nuevo' }).click();
  await signIn(a.page, name);
  await expect(a.page.getByTestId('sync-pending')).toHaveText('Todo subido');
  expect(await serverProject(name)).toMatchObject({ title: expect.objectContaining({ es: 'Hecho sin sesión' }) });
});

test('a server restarted empty gets everything again at the next sync', async ({ browser }, info) => {
  const name = await newDatabase();
  const a = await device(browser, name);
  await editSeed(a.page, setTitle('Antes del reinicio'));
  await synced(a.page);
  await server.close();
  server = await startServer(String(info.project.use.baseURL));
  await createDatabase(name); // the same name, empty
  await signIn(a.page, name); // a new server has no sessions
  await synced(a.page);
  expect(await serverProject(name)).toMatchObject({ title: expect.objectContaining({ es: 'Antes del reinicio' }) });
  // The seed's outcomes and survey went up again too, not only the edited project.
  const database = await (await fetch(`${server.url}/${name}`, { headers: ADMIN })).json();
  expect(database.doc_count).toBeGreaterThan(1);
});

test('a record damaged on the device is not sent, and is shown with the field at fault', async ({ browser }) => {
  const { DESIGN_DOC_ID, VALIDATE_DOC_UPDATE_SOURCE } = await import('../../src/lib/sync/validate-doc-update.mjs');
  const name = await newDatabase();
  await fetch(`${server.url}/${name}/${DESIGN_DOC_ID}`, {
    method: 'PUT',
    headers: ADMIN,
    body: JSON.stringify({ validate_doc_update: VALIDATE_DOC_UPDATE_SOURCE }),
  });
  const a = await device(browser, name);
  // A record damaged on the device (an old version, a bug): its clock for `code` is not text.
  await a.page.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onsuccess = () => {
          const tx = open.result.transaction('projects', 'readwrite');
          const store = tx.objectStore('projects');
          const get = store.get(id);
          get.onsuccess = () => store.put({ ...get.result, fieldHlc: { ...get.result.fieldHlc, code: 42 }, dirty: 1 });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    SEED_PROJECT_ID,
  );
  await a.page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  const failure = a.page.getByTestId('sync-error');
  await expect(failure).toBeVisible();
  await expect(failure.getByRole('listitem')).toContainText(SEED_PROJECT_ID);
  // Refused by the device's own record check before the server could see it.
  await expect(failure.getByRole('listitem')).toContainText('el campo «fieldHlc/code» no tiene el tipo esperado');
  expect(JSON.stringify(await serverProject(name))).not.toContain('"code":42');
  await a.context.close();
});

test('a broken document on the server is kept aside and listed on the sync screen; the rest arrives', async ({ browser }) => {
  const name = await newDatabase();
  const a = await device(browser, name);
  // Another client writes a project whose title is a number, and a good one.
  const project = await serverProject(name);
  const { _id, _rev, ...fields } = project;
  void _id;
  void _rev;
  const docs = [
    { ...fields, _id: 'broken-1', id: 'broken-1', code: 'ROTO/1', title: 7 },
    { ...fields, _id: 'fine-1', id: 'fine-1', code: 'BIEN/1', title: { es: 'Proyecto que llega bien' } },
  ];
  const put = await fetch(`${server.url}/${name}/_bulk_docs`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ docs }) });
  expect(put.ok).toBe(true);

  await synced(a.page);
  await a.page.goto('/');
  await expect(a.page.getByRole('link', { name: 'Proyecto que llega bien' })).toBeVisible();
  await a.page.goto('/#/settings');
  const kept = a.page.getByTestId('quarantine-sync');
  await expect(kept.getByRole('heading', { name: 'Registros rechazados al sincronizar' })).toBeVisible();
  await expect(kept.locator('li[data-record-id="broken-1"]')).toContainText('Proyecto «ROTO/1» (broken-1): el campo «title» no tiene el tipo esperado.');
  // Synced again: the checkpoint moved past it, it is not kept twice.
  await synced(a.page);
  await expect(kept.getByRole('listitem')).toHaveCount(1);
  await a.context.close();
});
