// Edit forms open while the record changes elsewhere: another tab, another device
// through sync. What each person changed is kept; what came in is said on screen.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { PisoServer } from '../../src/server/server.mjs';
import { SEED_PROJECT_ID } from '../../src/lib/domain/seed-data';
import { SEED_TITLE_ES } from './helpers';
import { ADMIN, createDatabase, device as syncDevice, startServer, synced } from './sync-helpers';

const EDIT = `/#/projects/${SEED_PROJECT_ID}/edit`;
const title = (page: Page) => page.locator('#title-es');
const description = (page: Page) => page.locator('#description-es');
const budget = (page: Page) => page.getByLabel('Presupuesto (importe)');

/** Leaves the form without saving, and waits until it is gone. */
async function cancel(page: Page) {
  await page.getByRole('link', { name: 'Cancelar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Editar proyecto' })).toHaveCount(0);
}

async function save(page: Page) {
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Editar proyecto');
}

async function storedFields(page: Page) {
  await page.goto(EDIT);
  await expect(title(page)).not.toHaveValue('');
  const fields = { title: await title(page).inputValue(), description: await description(page).inputValue(), budget: await budget(page).inputValue() };
  await cancel(page);
  return fields;
}

test('two tabs: a description saved in B and a title saved in A are both kept', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/');
  await expect(a.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await a.goto(EDIT);
  await expect(title(a)).toHaveValue(SEED_TITLE_ES);

  const b = await context.newPage();
  await b.goto(EDIT);
  await description(b).fill('Descripción escrita en la pestaña B');
  await save(b);

  // A follows the stored record: the description comes in, and A is told.
  await expect(description(a)).toHaveValue('Descripción escrita en la pestaña B');
  await expect(a.getByTestId('edit-applied')).toContainText('Descripción (español)');
  await title(a).fill('Título escrito en la pestaña A');
  await save(a);

  for (const page of [a, b]) {
    expect(await storedFields(page)).toMatchObject({
      title: 'Título escrito en la pestaña A',
      description: 'Descripción escrita en la pestaña B',
    });
  }
});

test('the same field changed in two tabs keeps what is typed and shows the other value', async ({ context }) => {
  const a = await context.newPage();
  await a.goto(EDIT);
  await expect(title(a)).toHaveValue(SEED_TITLE_ES);
  const b = await context.newPage();
  await b.goto(EDIT);
  await expect(title(b)).toHaveValue(SEED_TITLE_ES);

  await title(a).fill('Título de A');
  await title(b).fill('Título de B');
  await save(b);

  const conflicts = a.getByTestId('edit-conflicts');
  await expect(conflicts).toContainText('Título (español): el valor guardado en otro lugar es «Título de B»');
  await expect(title(a)).toHaveValue('Título de A');
  const axe = await new AxeBuilder({ page: a }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await a.getByRole('button', { name: 'Usar el otro valor en Título (español)' }).click();
  await expect(title(a)).toHaveValue('Título de B');
  await expect(conflicts).toBeEmpty();
});

test('what is typed survives a reload, and is said to be back; cancel drops it', async ({ page }) => {
  await page.goto(EDIT);
  await expect(title(page)).toHaveValue(SEED_TITLE_ES);
  await title(page).fill('Escrito antes de recargar');
  await budget(page).fill('999');
  await page.reload();
  await expect(title(page)).toHaveValue('Escrito antes de recargar');
  await expect(budget(page)).toHaveValue('999');
  await expect(page.getByTestId('edit-draft-restored')).toContainText('Se recuperó lo que había escrito sin guardar');
  await expect(page.getByTestId('edit-draft-offer')).toHaveCount(0);

  await cancel(page);
  await page.goto(EDIT);
  await expect(title(page)).toHaveValue(SEED_TITLE_ES);
  await page.reload();
  await expect(title(page)).toHaveValue(SEED_TITLE_ES);
  await expect(page.getByTestId('edit-draft-restored')).toHaveCount(0);
});

test("a draft left by a tab that is gone is offered to the next form; a live tab's draft is left alone", async ({ context }) => {
  const a = await context.newPage();
  await a.goto(EDIT);
  await expect(title(a)).toHaveValue(SEED_TITLE_ES);
  await title(a).fill('Escrito en una pestaña abierta');
  const b = await context.newPage();
  await b.goto(EDIT);
  await expect(title(b)).toHaveValue(SEED_TITLE_ES);
  await expect(b.getByTestId('edit-draft-offer')).toHaveCount(0);
  await b.close();

  await a.close(); // the app was closed with the typing unsaved
  const c = await context.newPage();
  await c.goto(EDIT);
  await expect(c.getByTestId('edit-draft-offer')).toContainText('de una pestaña que se cerró');
  await expect(title(c)).toHaveValue(SEED_TITLE_ES);
  await c.getByRole('button', { name: 'Recuperar mis cambios' }).click();
  await expect(title(c)).toHaveValue('Escrito en una pestaña abierta');
  await c.reload();
  await expect(title(c)).toHaveValue('Escrito en una pestaña abierta');
  await expect(c.getByTestId('edit-draft-offer')).toHaveCount(0);
});

test('the outcome editor follows a change made in another tab too', async ({ context }) => {
  const a = await context.newPage();
  await a.goto(`/#/projects/${SEED_PROJECT_ID}`);
  await a.getByRole('link', { name: /^Editar el resultado / }).first().click();
  await expect(a.getByRole('heading', { name: 'Editar resultado' })).toBeVisible();
  const outcomeEdit = a.url();
  await a.locator('#outcome-start').fill('2018-02-01');

  const b = await context.newPage();
  await b.goto(outcomeEdit);
  await b.locator('#outcome-title-en').fill('Outcome title from tab B');
  await b.getByRole('button', { name: 'Guardar' }).click();
  await expect(b.getByRole('heading', { name: 'Editar resultado' })).toHaveCount(0);

  await expect(a.locator('#outcome-title-en')).toHaveValue('Outcome title from tab B');
  await expect(a.getByTestId('edit-applied')).toContainText('Título (inglés)');
  await a.getByRole('button', { name: 'Guardar' }).click();
  await expect(a.getByRole('heading', { name: 'Editar resultado' })).toHaveCount(0);
  await a.goto(outcomeEdit);
  await expect(a.locator('#outcome-title-en')).toHaveValue('Outcome title from tab B');
  await expect(a.locator('#outcome-start')).toHaveValue('2018-02-01');
});

test('the indicator editor merges value by value: a target typed in A, an actual saved in B', async ({ context }) => {
  const a = await context.newPage();
  await a.goto(`/#/projects/${SEED_PROJECT_ID}`);
  await a.getByRole('link', { name: 'Nuevo indicador para OBJ 2' }).click();
  await a.getByLabel('En español').fill('Afiliadas al ISSS');
  await a.getByRole('button', { name: 'Añadir un periodo' }).click();
  await a.getByLabel('Meta, Total, periodo 1').fill('30');
  await a.getByRole('button', { name: 'Guardar' }).click();
  await expect(a.getByRole('heading', { level: 1, name: 'Afiliadas al ISSS' })).toBeVisible();
  await a.getByRole('link', { name: 'Editar' }).click();
  const indicatorEdit = a.url();
  await a.getByLabel('Meta, Total, periodo 1').fill('40');

  const b = await context.newPage();
  await b.goto(indicatorEdit);
  await expect(b.getByLabel('Meta, Total, periodo 1')).toHaveValue('30');
  await b.getByLabel('Valor real, Mujeres, periodo 1').fill('20');
  await b.getByRole('button', { name: 'Guardar' }).click();
  await expect(b.getByRole('heading', { level: 1, name: 'Afiliadas al ISSS' })).toBeVisible();

  await expect(a.getByLabel('Valor real, Mujeres, periodo 1')).toHaveValue('20');
  await expect(a.getByTestId('edit-applied')).toContainText('Periodo 1 · Valor real · Mujeres');
  await expect(a.getByLabel('Meta, Total, periodo 1')).toHaveValue('40');
  await a.getByRole('button', { name: 'Guardar' }).click();
  await expect(a.getByRole('heading', { level: 1, name: 'Afiliadas al ISSS' })).toBeVisible();
  await a.goto(indicatorEdit);
  await expect(a.getByLabel('Meta, Total, periodo 1')).toHaveValue('40');
  await expect(a.getByLabel('Valor real, Mujeres, periodo 1')).toHaveValue('20');
});

// ---- Sync: two devices (browser contexts) through an in-memory CouchDB-compatible server ----

test.describe('with sync', () => {
  let server: PisoServer;
  test.beforeAll(async ({}, info) => {
    server = await startServer(Number(process.env.PISO_SYNC_PORT ?? 5991) + 3, String(info.project.use.baseURL));
  });
  test.afterAll(() => server.close());

  /** A database of its own for each test: the devices of one test share it. */
  let database = '';
  test.beforeEach(async ({}, info) => {
    database = `edits-${info.testId}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
    await createDatabase(server, database);
  });
  const device = (browser: Browser) => syncDevice(browser, server, database);

  test('an edit form open while a sync brings a change to another field: both kept, the change shown', async ({ browser }) => {
    const a = await device(browser);
    const b = await device(browser);
    await a.page.goto(EDIT);
    await title(a.page).fill('Título que A está escribiendo');

    await b.page.goto(EDIT);
    await budget(b.page).fill('777');
    await save(b.page);
    await synced(b.page);

    // A syncs with its form open: the budget arrives, A's typing stays.
    await synced(a.page);
    await expect(budget(a.page)).toHaveValue('777');
    await expect(a.page.getByTestId('edit-applied')).toContainText('Presupuesto (importe)');
    await expect(title(a.page)).toHaveValue('Título que A está escribiendo');
    await save(a.page);
    await synced(a.page);
    await synced(b.page);

    for (const page of [a.page, b.page]) {
      expect(await storedFields(page)).toMatchObject({ title: 'Título que A está escribiendo', budget: '777' });
    }
    const onServer = await (await fetch(`${server.url}/${database}/${SEED_PROJECT_ID}`, { headers: ADMIN })).json();
    expect(onServer).toMatchObject({ title: expect.objectContaining({ es: 'Título que A está escribiendo' }), budget: expect.objectContaining({ amount: 777 }) });
    await a.context.close();
    await b.context.close();
  });

  test('a draft kept from before a sync changed the record is offered, not applied by itself', async ({ browser }) => {
    const a = await device(browser);
    const b = await device(browser);
    await a.page.goto(EDIT);
    await title(a.page).fill('Escrito en A antes de irse');
    // A leaves the form without saving (the phone killed the tab, another screen...).
    await a.page.goto('/');

    await b.page.goto(EDIT);
    await budget(b.page).fill('4321');
    await save(b.page);
    await synced(b.page);
    await synced(a.page);

    await a.page.goto(EDIT);
    const offer = a.page.getByTestId('edit-draft-offer');
    await expect(offer).toContainText('Hay cambios suyos sin guardar');
    await expect(title(a.page)).toHaveValue(SEED_TITLE_ES);
    await expect(budget(a.page)).toHaveValue('4321');
    await a.page.getByRole('button', { name: 'Recuperar mis cambios' }).click();
    await expect(offer).toHaveCount(0);
    await expect(title(a.page)).toHaveValue('Escrito en A antes de irse');
    await expect(budget(a.page)).toHaveValue('4321');
    await save(a.page);
    expect(await storedFields(a.page)).toMatchObject({ title: 'Escrito en A antes de irse', budget: '4321' });
    await a.context.close();
    await b.context.close();
  });
});
