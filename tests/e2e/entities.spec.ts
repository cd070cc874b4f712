// Case management end to end (issue 14), on a phone-sized screen: a registration form
// and a follow-up form imported as XLSForms; a worker registered offline shows in the
// case list; followed up on the same device (the follow-up's select lists the worker and
// a calculation reads the worker's status from the list); synced to a second device
// (a second browser context), followed up there; after both sync, both show the worker
// with every visit in its history; a bundle carries the list to a third device.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { PisoServer } from '../../src/server/server.mjs';
import { openControlled } from './helpers';
import { finalize, FOLLOW_UP, FOLLOW_UP_FORM, importForm, next, register, REGISTRATION_FORM, WORKER } from './entities-forms';
import { withoutSavePicker } from './save-picker';
import { createDatabase, signIn, startServer, synced } from './sync-helpers';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
test.use(PHONE);

// Each spec file its own port (specs run side by side): PISO_SYNC_PORT is sync.spec's, this one is seven on.
const SERVER_PORT = Number(process.env.PISO_SYNC_PORT ?? 5991) + 7;
const DATABASE = 'e2e-entities';
let server: PisoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, info) => {
  server = await startServer(SERVER_PORT, String(info.project.use.baseURL));
  await createDatabase(server, DATABASE);
});

test.afterAll(async () => {
  await server?.close();
});

/** A phone installed and precached, with its enumerator's name, signed in and synced once. */
async function phone(browser: Browser, enumerator: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await openControlled(page);
  await page.evaluate((name) => localStorage.setItem('piso.enumerator', name), enumerator);
  await signIn(page, server, DATABASE);
  await synced(page);
  return { context, page };
}

async function openWorker(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Casos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Casos' })).toBeVisible();
  await page.getByRole('link', { name: /^workers/ }).click();
  await page.getByRole('list', { name: 'Registros de la lista' }).getByRole('link', { name: WORKER }).click();
  await expect(page.getByRole('heading', { level: 1, name: WORKER })).toBeVisible();
}

/** From the worker's screen: a follow-up on it, the status read from the list, a new status given. */
async function followUp(page: Page, statusBefore: string, statusNow: string): Promise<void> {
  await page.getByRole('link', { name: `Iniciar una visita de seguimiento: ${FOLLOW_UP}` }).click();
  await expect(page.getByRole('heading', { name: FOLLOW_UP })).toBeVisible();
  await expect(page.getByRole('radio', { name: WORKER, exact: true })).toBeChecked();
  await next(page);
  await expect(page.getByText(`Afiliación anotada: ${statusBefore}`)).toBeVisible();
  await next(page);
  await page.getByRole('radio', { name: statusNow, exact: true }).check();
  await next(page);
  await finalize(page);
}

const property = (page: Page, name: string) => page.locator('dl.props dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
const visits = (page: Page) => page.getByTestId('entity-visit');

test('a worker registered offline is followed up on two devices; both keep every visit; a bundle carries the list to a third', async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await phone(browser, 'Ana');
  await importForm(a.page, REGISTRATION_FORM);
  await importForm(a.page, FOLLOW_UP_FORM);

  // Offline, in the field: the registration.
  await a.context.setOffline(true);
  await register(a.page);

  // The list shows the worker with a few of her properties.
  await a.page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Casos' }).click();
  await expect(a.page.getByRole('link', { name: /^workers\s*1 registro$/ })).toBeVisible();
  await a.page.getByRole('link', { name: /^workers/ }).click();
  const rows = a.page.getByRole('list', { name: 'Registros de la lista' }).getByRole('listitem');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(WORKER);
  await expect(rows.first()).toContainText('34');
  await a.page.getByRole('searchbox', { name: 'Buscar' }).fill('perez');
  await expect(rows).toHaveCount(1);
  await a.page.getByRole('searchbox', { name: 'Buscar' }).fill('nadie así');
  await expect(a.page.getByText('Ningún registro coincide.')).toBeVisible();
  await a.page.getByRole('button', { name: 'Quitar la búsqueda y el filtro' }).click();
  await a.page.getByLabel('Filtrar por').selectOption('isss_status');
  await a.page.getByLabel('Valor de isss_status').fill('afiliada');
  await expect(a.page.getByText('Ningún registro coincide.')).toBeVisible();
  await a.page.getByLabel('Valor de isss_status').fill('no_afiliada');
  await expect(rows).toHaveCount(1);

  // Followed up on the same device, still offline.
  await a.page.getByRole('list', { name: 'Registros de la lista' }).getByRole('link', { name: WORKER }).click();
  await expect(property(a.page, 'isss_status')).toHaveText('no_afiliada');
  await followUp(a.page, 'no_afiliada', 'Afiliación en trámite');
  await openWorker(a.page);
  await expect(property(a.page, 'isss_status')).toHaveText('en_tramite');
  await expect(visits(a.page)).toHaveCount(2);

  // Back online: the registration, the follow-up and the worker go to the server.
  await a.context.setOffline(false);
  await a.page.goto('/#/settings');
  await synced(a.page);

  // A second device gets the worker with its sync and follows her up.
  const b = await phone(browser, 'Berta');
  await openWorker(b.page);
  await expect(visits(b.page)).toHaveCount(2);
  await followUp(b.page, 'en_tramite', 'Afiliada al ISSS');
  await b.page.goto('/#/settings');
  await synced(b.page);
  await a.page.goto('/#/settings');
  await synced(a.page);

  for (const { page } of [a, b]) {
    await openWorker(page);
    await expect(property(page, 'isss_status')).toHaveText('afiliada');
    await expect(visits(page)).toHaveCount(3);
    await expect(visits(page).nth(0)).toContainText('Registro');
    await expect(visits(page).nth(0)).toContainText('Ana');
    await expect(visits(page).filter({ hasText: 'Berta' })).toHaveCount(1);
    await expect(visits(page).filter({ hasText: 'Seguimiento' })).toHaveCount(2);
    // Each visit links to its response.
    await visits(page).filter({ hasText: 'Berta' }).getByRole('link', { name: 'Ver la respuesta' }).click();
    await expect(page).toHaveURL(/#\/responses\//);
  }

  // A bundle of everything on device A carries the list to a third device that never synced.
  await a.page.goto('/#/bundles');
  await withoutSavePicker(a.page);
  await a.page.getByRole('radio', { name: 'Todo lo que hay en este dispositivo' }).check();
  await a.page.getByRole('button', { name: 'Crear el paquete' }).click();
  const downloading = a.page.waitForEvent('download');
  await a.page.getByRole('button', { name: 'Descargar', exact: true }).click();
  const path = await (await downloading).path();

  const c = await browser.newContext(PHONE);
  const third = await c.newPage();
  await openControlled(third, '/#/bundles/import');
  await third.getByLabel('Archivo del paquete').setInputFiles(path);
  await third.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(third.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await openWorker(third);
  await expect(property(third, 'isss_status')).toHaveText('afiliada');
  await expect(visits(third)).toHaveCount(3);

  await Promise.all([a.context.close(), b.context.close(), c.close()]);
});
