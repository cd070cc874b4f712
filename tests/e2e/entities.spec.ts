// Case management end to end (issue 14), on a phone-sized screen: a registration form
// and a follow-up form imported as XLSForms; a worker registered offline shows in the
// case list; followed up on the same device (the follow-up's select lists the worker and
// a calculation reads the worker's status from the list); synced to a second device
// (a second browser context), followed up there; after both sync, both show the worker
// with every visit in its history; two follow-ups made offline at once on the two devices
// end in the same value on both, marked as a conflict; a bundle carries the list to a
// third device. Then: a registration whose id is taken is refused and stays a draft, the
// seed project's workers on the same screens, and a corrected registration.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { SEED_WORKERS_INDICATOR_ID } from '../../src/lib/domain/seed-records';
import { SEED_WORKER_COUNT } from '../../src/lib/domain/seed-workers';
import type { PisoServer } from '../../src/server/server.mjs';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';
import { openControlled, storedResponse } from './helpers';
import { finalize, FOLLOW_UP, FOLLOW_UP_FORM, importForm, LIST, next, register, REGISTRATION_FORM, WORKER, XLSX_TYPE } from './entities-forms';
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

/** A phone installed and precached, signed in (its enumerator is the user, ana) and synced once. */
async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await openControlled(page);
  await signIn(page, server, DATABASE);
  await synced(page);
  return { context, page };
}

async function openWorker(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Casos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Casos' })).toBeVisible();
  await page.getByRole('link', { name: LIST }).click();
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

test('a worker registered offline is followed up on two devices; both keep every visit and show the same conflict; a bundle carries the list to a third', async ({ browser }) => {
  test.setTimeout(300_000);
  const a = await phone(browser);
  await importForm(a.page, REGISTRATION_FORM);
  await importForm(a.page, FOLLOW_UP_FORM);

  // Offline, in the field: the registration.
  await a.context.setOffline(true);
  await register(a.page);

  // The list shows the worker with a few of her properties.
  await a.page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Casos' }).click();
  await expect(a.page.getByRole('link', { name: new RegExp(`^${LIST}\\s*1 registro$`) })).toBeVisible();
  await a.page.getByRole('link', { name: LIST }).click();
  const rows = a.page.getByRole('list', { name: 'Registros de la lista' }).getByRole('listitem');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(WORKER);
  await expect(rows.first()).toContainText('34');
  await a.page.getByRole('searchbox', { name: 'Buscar' }).fill('perez');
  await expect(rows).toHaveCount(1);
  await a.page.getByRole('searchbox', { name: 'Buscar' }).fill('nadie así');
  await expect(a.page.getByText('Ningún registro coincide.')).toBeVisible();
  await a.page.getByRole('button', { name: 'Quitar la búsqueda y el filtro' }).click();
  // The filter names the property by its question and offers its choices by their labels.
  await a.page.getByLabel('Filtrar por').selectOption({ label: 'Afiliación al ISSS' });
  await a.page.getByLabel('Valor de Afiliación al ISSS').selectOption({ label: 'Afiliada al ISSS' });
  await expect(a.page.getByText('Ningún registro coincide.')).toBeVisible();
  await a.page.getByLabel('Valor de Afiliación al ISSS').selectOption({ label: 'No afiliada' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('dt', { hasText: /^Afiliación al ISSS$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText('No afiliada');

  // Followed up on the same device, still offline.
  await a.page.getByRole('list', { name: 'Registros de la lista' }).getByRole('link', { name: WORKER }).click();
  // Each property by its question's label, each choice by its label.
  await expect(property(a.page, 'Afiliación al ISSS')).toHaveText('No afiliada');
  await expect(property(a.page, 'Sexo')).toHaveText('Mujer');
  await followUp(a.page, 'no_afiliada', 'Afiliación en trámite');
  await openWorker(a.page);
  await expect(property(a.page, 'Afiliación al ISSS')).toHaveText('Afiliación en trámite');
  await expect(visits(a.page)).toHaveCount(2);

  // Back online: the registration, the follow-up and the worker go to the server.
  await a.context.setOffline(false);
  await a.page.goto('/#/settings');
  await synced(a.page);

  // A second device gets the worker with its sync and follows her up.
  const b = await phone(browser);
  await openWorker(b.page);
  await expect(visits(b.page)).toHaveCount(2);
  await followUp(b.page, 'en_tramite', 'Afiliada al ISSS');
  await b.page.goto('/#/settings');
  await synced(b.page);
  await a.page.goto('/#/settings');
  await synced(a.page);

  for (const { page } of [a, b]) {
    await openWorker(page);
    await expect(property(page, 'Afiliación al ISSS')).toHaveText('Afiliada al ISSS');
    await expect(visits(page)).toHaveCount(3);
    await expect(visits(page).nth(0)).toContainText('Registro');
    await expect(visits(page).nth(0)).toContainText('ana');
    await expect(visits(page).nth(0)).toContainText('Afiliación al ISSS: No afiliada');
    await expect(visits(page).nth(1)).toContainText('Seguimiento');
    await expect(visits(page).nth(1)).toContainText('Afiliación al ISSS: Afiliación en trámite');
    await expect(visits(page).nth(2)).toContainText('Seguimiento');
    await expect(visits(page).nth(2)).toContainText('Afiliación al ISSS: Afiliada al ISSS');
    // Each visit links to its response: the second device's follow-up.
    await visits(page).nth(2).getByRole('link', { name: 'Ver la respuesta' }).click();
    await expect(page).toHaveURL(/#\/responses\//);
  }

  // Both offline, both follow her up: the later answer is kept, by clock, and both devices say what it replaced.
  await Promise.all([a.context.setOffline(true), b.context.setOffline(true)]);
  await openWorker(a.page);
  await followUp(a.page, 'afiliada', 'No afiliada');
  await openWorker(b.page);
  await followUp(b.page, 'afiliada', 'Afiliación en trámite');
  await Promise.all([a.context.setOffline(false), b.context.setOffline(false)]);
  for (const page of [a.page, b.page, a.page]) {
    await page.goto('/#/settings');
    await synced(page);
  }
  for (const { page } of [a, b]) {
    await openWorker(page);
    await expect(visits(page)).toHaveCount(5);
    await expect(property(page, 'Afiliación al ISSS')).toContainText('Afiliación en trámite');
    await expect(property(page, 'Afiliación al ISSS').getByRole('note')).toContainText('Conflicto');
    await expect(property(page, 'Afiliación al ISSS').getByRole('note')).toContainText('Se conserva «Afiliación en trámite» (ana,');
    await expect(property(page, 'Afiliación al ISSS').getByRole('note')).toContainText('No se conserva «No afiliada» (ana,');
    await expect(property(page, 'Sexo').getByRole('note')).toHaveCount(0);
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
  await expect(property(third, 'Afiliación al ISSS')).toContainText('Afiliación en trámite');
  await expect(property(third, 'Afiliación al ISSS').getByRole('note')).toContainText('No se conserva «No afiliada»');
  await expect(visits(third)).toHaveCount(5);

  await Promise.all([a.context.close(), b.context.close(), c.close()]);
});

// A registration that names its own id (entity_id, created only when create_if holds).
const BY_DUI: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label'],
      ['text', 'dui', 'Número de DUI'],
      ['text', 'full_name', 'Nombre completo'],
    ],
  },
  {
    name: 'entities',
    rows: [['list_name', 'label', 'entity_id', 'create_if', 'update_if'], ['personas_dui', '${full_name}', '${dui}', 'true()', 'false()']],
  },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_by_dui', '1', 'Registro por DUI (prueba)']] },
];

const DUI_FORM = { name: 'dui.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(BY_DUI)) };

/** From the forms list: a person registered by DUI, and "Finalizar" pressed. */
async function registerDui(page: Page, dui: string, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Iniciar entrevista: Registro por DUI (prueba)' }).click();
  await page.getByLabel('Número de DUI').fill(dui);
  await next(page);
  await page.getByLabel('Nombre completo').fill(name);
  await next(page);
  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
}

test('a registration whose id the list already has is refused on the review screen and stays a draft', async ({ page }) => {
  await openControlled(page);
  await importForm(page, DUI_FORM);
  await registerDui(page, '01234567-8', 'José Luis Cruz');
  await expect(page).toHaveURL(/#\/forms$/);

  await registerDui(page, '01234567-8', 'Otra persona');
  await expect(page.getByTestId('entity-id-taken')).toHaveText(
    /Ya hay un caso con el identificador «01234567-8» en la lista «personas_dui»: no se finalizó\..*Abrir el caso existente/,
  );
  await expect(page).toHaveURL(/#\/fill\//);
  const draftId = page.url().split('/').pop()!;
  await page.getByRole('link', { name: 'Abrir el caso existente' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'José Luis Cruz' })).toBeVisible();

  // Nothing was lost: the refused interview is still a draft with its answers, and the case is unchanged.
  expect(await storedResponse(page, draftId)).toMatchObject({ status: 'draft', answers: { dui: '01234567-8', full_name: 'Otra persona' } });
  await expect(page.getByTestId('entity-visit')).toHaveCount(1);
});

test("a correction that changes a registration's id to another case's is refused with the same message; the change stays on screen and is saved once the id is free", async ({ page }) => {
  await openControlled(page);
  await importForm(page, DUI_FORM);
  await registerDui(page, '01234567-8', 'José Luis Cruz');
  await expect(page).toHaveURL(/#\/forms$/);
  await registerDui(page, '07654321-0', 'Rosa Martínez');
  await expect(page).toHaveURL(/#\/forms$/);

  // From Rosa's case to her registration, and "Corregir": the DUI typed is José's.
  await page.goto('/#/entities/personas_dui');
  await page.getByRole('list', { name: 'Registros de la lista' }).getByRole('link', { name: 'Rosa Martínez' }).click();
  await visits(page).first().getByRole('link', { name: 'Ver la respuesta' }).click();
  await page.getByRole('link', { name: 'Corregir' }).click();
  await expect(page).toHaveURL(/#\/fill\//);
  const id = page.url().split('/').pop()!;
  await page.getByLabel('Número de DUI').fill('01234567-8');
  await expect(page.getByTestId('entity-id-taken')).toHaveText(
    /Ya hay un caso con el identificador «01234567-8» en la lista «personas_dui»: no se guardó esta corrección\..*Abrir el caso existente/,
  );
  // Said as a refusal, not as a write that keeps failing; what was typed stays, nothing is stored.
  await expect(page.getByTestId('save-failing')).toHaveCount(0);
  await expect(page.getByLabel('Número de DUI')).toHaveValue('01234567-8');
  expect((await storedResponse(page, id))!.answers).toMatchObject({ dui: '07654321-0', full_name: 'Rosa Martínez' });

  // The link opens José's case, untouched; back on the correction, the DUI typed is still there.
  await page.getByRole('link', { name: 'Abrir el caso existente' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'José Luis Cruz' })).toBeVisible();
  await expect(visits(page)).toHaveCount(1);
  await page.goBack();
  await expect(page.getByLabel('Número de DUI')).toHaveValue('01234567-8');

  // The right DUI: the correction is saved and the message goes.
  await page.getByLabel('Número de DUI').fill('07654321-9');
  await expect(page.getByTestId('entity-id-taken')).toHaveCount(0);
  await expect.poll(async () => (await storedResponse(page, id))!.answers.dui).toBe('07654321-9');
});

test("the seed project's workers: the list shows and searches them, and a follow-up from one starts on her with her status on record", async ({ page }) => {
  await openControlled(page, '/#/entities');
  await expect(page.getByRole('link', { name: new RegExp(`^workers\\s*${SEED_WORKER_COUNT} registros$`) })).toBeVisible();
  await expect(page.getByText('Formularios: Registro de personas trabajadoras · Visita de seguimiento')).toBeVisible();
  await page.getByRole('link', { name: /^workers/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: `${SEED_WORKER_COUNT} registros` })).toBeVisible();
  const rows = page.getByRole('list', { name: 'Registros de la lista' }).getByRole('listitem');
  await expect(rows).toHaveCount(SEED_WORKER_COUNT);
  const first = (await rows.first().getByRole('link').textContent())!.trim();
  await page.getByRole('searchbox', { name: 'Buscar' }).fill(first);
  await expect(rows.first().getByRole('link')).toHaveText(first);

  await rows.first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: first })).toBeVisible();
  await page.getByRole('link', { name: 'Iniciar una visita de seguimiento: Visita de seguimiento' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Visita de seguimiento' })).toBeVisible();
  await next(page);
  // Only once the worker is chosen does the form read her status from the list.
  await expect(page.getByText(/^Situación registrada ante el ISSS: \S/)).toBeVisible();
});

test("an actual recorded from the seed case-list indicator names the list and the forms that write it, not a survey", async ({ page }) => {
  await openControlled(page, `/#/indicators/${SEED_WORKERS_INDICATOR_ID}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Valor actual según la lista de casos' })).toBeVisible();
  await page.getByRole('button', { name: 'Registrar como valor real' }).click();
  const total = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Total', exact: true }) });
  await expect(total.getByRole('cell').last()).toHaveText(
    new RegExp(`^Lista de casos workers \\(formularios: Registro de personas trabajadoras · Visita de seguimiento\\), n = ${SEED_WORKER_COUNT}, calculado el `),
  );
  await expect(page.getByText(/Encuesta worker_registration/)).toHaveCount(0);
});

test('a registration corrected afterwards corrects its case', async ({ page }) => {
  await openControlled(page);
  await importForm(page, REGISTRATION_FORM);
  await register(page);
  await page.goto(`/#/entities/${LIST}`);
  await page.getByRole('list', { name: 'Registros de la lista' }).getByRole('link', { name: WORKER }).click();
  await expect(property(page, 'Edad')).toHaveText('34');

  // From the case to its registration, and "Corregir": the age was wrong.
  await visits(page).first().getByRole('link', { name: 'Ver la respuesta' }).click();
  await page.getByRole('link', { name: 'Corregir' }).click();
  await expect(page.getByLabel('Nombre completo')).toHaveValue(WORKER);
  await next(page);
  await next(page);
  await page.getByLabel('Edad').fill('43');
  await next(page);
  await next(page);
  await expect(page.getByRole('heading', { name: 'Fin de la corrección' })).toBeVisible();

  await page.goto(`/#/entities/${LIST}`);
  await page.getByRole('list', { name: 'Registros de la lista' }).getByRole('link', { name: WORKER }).click();
  await expect(property(page, 'Edad')).toHaveText('43');
  await expect(property(page, 'Sexo')).toHaveText('Mujer');
});
