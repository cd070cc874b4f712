import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { buildBenchModule, serveBenchFiles } from '../bench/bench-module.mjs';
import { openControlled } from './helpers';

// Enumerators' days are El Salvador's: the date filter must follow the device's zone.
test.use({ timezoneId: 'America/El_Salvador' });

const FORM_ID = 'e2e_hogares';
const TOTAL = 300;
const STORE_MODULE = 'e2e-responses';

// Records are stored through lib/db (tests/bench/responses-entry.ts, built here and
// served to a blank page of the app's origin), as a bundle import stores them: the
// counts the list reads are kept by the app's own write path.
test.beforeAll(async () => {
  await buildBenchModule({ entry: 'tests/bench/responses-entry.ts', name: STORE_MODULE });
});

/** Opens a blank page of the app's origin that can load the store module (before the app and its service worker). */
async function openStorePage(page: Page): Promise<void> {
  await page.route('**/e2e-store.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>store</title>' }));
  await serveBenchFiles(page, new RegExp(`/${STORE_MODULE}[^/]*\\.js$`));
  await page.goto('/e2e-store.html');
}

/**
 * A form and TOTAL responses. Response i: enumerator Ana/Beto/Carla by i % 3, department
 * by i % 4, draft when i % 5 == 0, started at 12:00 UTC on 1 March 2026 plus i hours;
 * finalized ones carry one correction.
 */
async function storeResponses(page: Page): Promise<void> {
  const departments = ['morazan', 'la_union', 'san_miguel', 'usulutan'];
  const labels: Record<string, string> = { morazan: 'Morazán', la_union: 'La Unión', san_miguel: 'San Miguel', usulutan: 'Usulután' };
  const form = {
    formId: FORM_ID,
    version: '1',
    title: { es: 'Hogares de prueba', en: 'Test households' },
    languages: ['es', 'en'],
    defaultLanguage: 'es',
    warnings: [],
    projectId: null,
    questions: [
      { type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento', en: 'Department' } },
      { type: 'integer', name: 'age', label: { es: 'Edad', en: 'Age' } },
      {
        type: 'repeat',
        name: 'member',
        label: { es: 'Miembro del hogar', en: 'Household member' },
        children: [{ type: 'text', name: 'member_name', label: { es: 'Nombre', en: 'Name' } }],
      },
    ],
    choices: { department: departments.map((name) => ({ name, label: { es: labels[name] } })) },
  };
  const responses = Array.from({ length: TOTAL }, (_, i) => {
    const finalized = i % 5 !== 0;
    return {
      kind: 'response',
      id: `r-${String(i).padStart(4, '0')}`,
      data: {
        formId: FORM_ID,
        formVersion: '1',
        projectId: null,
        status: finalized ? 'finalized' : 'draft',
        answers: { department: departments[i % 4], age: String(20 + (i % 50)), member: [{ '#id': `m-${i}`, member_name: `Persona ${i}` }] },
        startedAt: new Date(Date.UTC(2026, 2, 1, 12) + i * 3_600_000).toISOString(),
        finalizedAt: finalized ? new Date(Date.UTC(2026, 2, 1, 13) + i * 3_600_000).toISOString() : null,
        enumerator: ['Ana', 'Beto', 'Carla'][i % 3],
        device: 'e2e-device',
        location: null,
        history: finalized
          ? [{ id: `h-${i}`, at: '2026-04-01T15:00:00.000Z', by: 'Supervisora', question: 'age', oldValue: '99', newValue: String(20 + (i % 50)) }]
          : [],
      },
    };
  });
  const items = [{ kind: 'form', id: 'form-e2e-1', data: form }, ...responses];
  await page.evaluate(({ url, items }) => import(url).then((m) => m.storeData(items)), { url: `/${STORE_MODULE}.js`, items });
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('responses are listed, filtered and paged offline, and one opens with its answers and history', async ({ page, context }) => {
  await openStorePage(page);
  await storeResponses(page);
  await openControlled(page);
  await context.setOffline(true);
  await page.goto(`/#/forms/${FORM_ID}/responses`);

  const list = page.getByRole('list', { name: 'Respuestas' });
  const rows = list.getByRole('link');
  const count = page.getByRole('status').filter({ hasText: 'respuestas' });
  await expect(page.getByRole('heading', { name: /Hogares de prueba/ })).toBeVisible();
  await expect(count).toHaveText('300 respuestas');
  // Newest first: response 299, by Carla; each row says where it is in the whole list.
  await expect(rows.first()).toContainText('Carla');
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '300');
  expect(await rows.count()).toBeLessThan(TOTAL); // only the rows on screen are in the page
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Encuestador/a').selectOption('Ana');
  await expect(count).toHaveText('100 respuestas');
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '100');
  // The department names come from the form's choice labels.
  await page.getByLabel('Departamento').selectOption({ label: 'Morazán' });
  await expect(count).toHaveText('25 respuestas');
  await page.getByLabel('Estado', { exact: true }).selectOption({ label: 'Finalizada' });
  await expect(count).toHaveText('20 respuestas');
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '20');
  for (const text of ['Finalizada', 'Ana', 'Morazán']) await expect(rows.first()).toContainText(text);

  await page.getByRole('button', { name: 'Quitar filtros' }).click();
  await expect(count).toHaveText('300 respuestas');
  // A whole local day holds 24 hourly responses.
  await page.getByLabel('Desde').fill('2026-03-02');
  await page.getByLabel('Hasta').fill('2026-03-02');
  await expect(count).toHaveText('24 respuestas');
  await page.getByLabel('Encuestador/a').selectOption('Beto');
  await expect(count).toHaveText('8 respuestas');
  await page.getByLabel('Estado', { exact: true }).selectOption({ label: 'Finalizada' });
  await expect(count).toHaveText('6 respuestas');

  await rows.first().click();
  await expect(page.getByRole('heading', { name: 'Hogares de prueba' })).toBeVisible();
  await expect(page.getByText('e2e-device')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^Beto$/ })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: 'Departamento' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^La Unión$/ })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: 'Miembro del hogar' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Corregir' })).toHaveAttribute('href', /^#\/fill\/r-\d{4}$/);
  const history = page.getByRole('table', { name: 'Historial de correcciones' });
  await expect(history.getByRole('row')).toHaveCount(2);
  await expect(history.getByRole('cell', { name: 'Edad' })).toBeVisible();
  await expect(history.getByRole('cell', { name: '99', exact: true })).toBeVisible();
  await expect(history.getByRole('cell', { name: 'Supervisora' })).toBeVisible();

  expect(await axeViolations(page)).toEqual([]);

  // The same view in English.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Test households' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Correction history' }).getByRole('cell', { name: 'Age' })).toBeVisible();
});

const LONG_FORM = 'e2e_long';
const LONG_TOTAL = 2000;

test('a list of 2,000 responses scrolls to its end by keyboard and by wheel, filtered or not, with the count shown', async ({ page }) => {
  await openStorePage(page);
  // Response i (tests/bench/responses-entry.ts): "Enumerador (i % 25)", department i % 14, a draft when i % 4 == 0, newest last.
  await page.evaluate(({ url, formId, total }) => import(url).then((m) => m.storeSurvey(formId, total)), {
    url: `/${STORE_MODULE}.js`,
    formId: LONG_FORM,
    total: LONG_TOTAL,
  });
  await page.goto(`/#/forms/${LONG_FORM}/responses`);

  const list = page.getByRole('list', { name: 'Respuestas' });
  const item = (n: number) => list.locator(`li[aria-posinset="${n}"]`);
  await expect(page.getByRole('status').filter({ hasText: 'respuestas' })).toHaveText('2000 respuestas');
  await expect(item(1)).toContainText('Enumerador 24'); // response 1999
  expect(await list.getByRole('listitem').count()).toBeLessThan(100);

  // Keyboard: the first row, then End, to the oldest response; arrows move one row.
  await item(1).getByRole('link').focus();
  await page.keyboard.press('End');
  await expect(item(LONG_TOTAL).getByRole('link')).toBeFocused();
  await expect(item(LONG_TOTAL)).toContainText('Enumerador 0');
  await expect(item(LONG_TOTAL)).toContainText('Borrador');
  await expect(item(LONG_TOTAL)).toBeInViewport();
  await page.keyboard.press('ArrowUp');
  await expect(item(LONG_TOTAL - 1).getByRole('link')).toBeFocused();
  await expect(item(LONG_TOTAL - 1)).toContainText('Enumerador 1');
  await page.keyboard.press('Home');
  await expect(item(1).getByRole('link')).toBeFocused();
  // Tab goes on from row to row, however far.
  for (let n = 2; n <= 30; n++) {
    await page.keyboard.press('Tab');
    await expect(item(n).getByRole('link')).toBeFocused();
  }

  // Half-way by scrolling (focus elsewhere: the focused row stays in the page): rows there are read by their position, in order.
  await page.getByRole('heading', { level: 1 }).click();
  await page.mouse.move(300, 400);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  const middle = list.locator('li a[href]').first();
  await expect(middle).toBeVisible();
  const firstRow = async () => Number(await middle.locator('xpath=..').getAttribute('aria-posinset'));
  // The rows of the new position, once the list has measured where it is (not the rows of the top a frame before).
  await expect.poll(firstRow).toBeGreaterThan(LONG_TOTAL / 4);
  const at = await firstRow();
  await expect(item(at + 1)).toContainText(`Enumerador ${(LONG_TOTAL - at - 1) % 25}`);
  for (let k = 0; k < 5; k++) await page.mouse.wheel(0, 2000);
  await expect(list.locator('li a[href]').first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Filtered: 6 responses of Enumerador 12 in Morazán (i % 350 == 12), the list shrinks to them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByLabel('Departamento').selectOption('morazan');
  await expect(page.getByRole('status').filter({ hasText: 'respuestas' })).toHaveText('142 respuestas');
  await page.getByLabel('Encuestador/a').selectOption('Enumerador 12');
  await expect(page.getByRole('status').filter({ hasText: 'respuestas' })).toHaveText('6 respuestas');
  await expect(list.getByRole('listitem')).toHaveCount(6);
  for (let n = 1; n <= 6; n++) await expect(item(n)).toContainText('Enumerador 12');
  await expect(item(6)).toHaveAttribute('aria-setsize', '6');
});
