import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { FOLLOW_UP, FOLLOW_UP_FORM, importForm, LIST, register, REGISTRATION_FORM, WORKER } from './entities-forms';
import { SEED_TITLE_ES, SURVEY_ES } from './helpers';

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/** The controls on screen smaller than a 44 px touch target. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('a, button, input, select, textarea')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !el.classList.contains('skip'))
      // A control wrapped in its label is activated by the whole label: that is its target.
      .map((el) => ({ el, r: (el.closest('label') ?? el).getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ el }) => el.outerHTML.slice(0, 80)),
  );
}

test('no axe violations on the project list', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await expectNoViolations(page);
});

test('no axe violations on the project page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await expect(page.locator('canvas')).toBeVisible();
  await expectNoViolations(page);
});

test('no axe violations on settings', async ({ page }) => {
  await page.goto('/#/settings');
  await expect(page.getByTestId('storage-used')).not.toHaveText('…');
  await expectNoViolations(page);
});

test('no axe violations on the project form with errors shown', async ({ page }) => {
  await page.goto('/#/projects/new');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Este campo es obligatorio.').first()).toBeVisible();
  await expectNoViolations(page);
});

test('touch targets are at least 44 px on the main screens', async ({ page }) => {
  const screens = { '/': 'Proyectos', '/#/settings': 'Ajustes', '/#/forms': 'Encuestas', '/#/bundles': 'Copias e intercambio de datos' };
  for (const [path, heading] of Object.entries(screens)) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    expect(await smallTargets(page), path).toEqual([]);
  }
});

test('no axe violations on the survey list, an interview and the data exchange screens', async ({ page }) => {
  await page.goto('/#/forms');
  // The seed's survey and its case list's registration and follow-up forms.
  await expect(page.getByRole('link', { name: /Iniciar entrevista/ })).toHaveCount(3);
  await expectNoViolations(page);
  await page.getByRole('link', { name: `Iniciar entrevista: ${SURVEY_ES}` }).click();
  await expect(page.getByRole('radio', { name: 'Sí', exact: true })).toBeVisible();
  await expectNoViolations(page);
  await page.goto('/#/bundles');
  await expect(page.getByRole('heading', { name: 'Exportar un paquete' })).toBeVisible();
  await expectNoViolations(page);
  await page.goto('/#/bundles/import');
  await expect(page.getByLabel('Archivo del paquete')).toBeVisible();
  await expectNoViolations(page);
});

test('no axe violations on the case screens, and their targets are 44 px', async ({ page }) => {
  await importForm(page, REGISTRATION_FORM);
  await importForm(page, FOLLOW_UP_FORM);
  await register(page);
  await page.goto('/#/entities');
  await expect(page.getByRole('link', { name: LIST })).toBeVisible();
  await expectNoViolations(page);
  expect(await smallTargets(page)).toEqual([]);
  await page.getByRole('link', { name: LIST }).click();
  await page.getByLabel('Filtrar por').selectOption('isss_status');
  await expect(page.getByRole('link', { name: WORKER })).toBeVisible();
  await expectNoViolations(page);
  expect(await smallTargets(page)).toEqual([]);
  await page.getByRole('link', { name: WORKER }).click();
  await expect(page.getByRole('link', { name: `Iniciar una visita de seguimiento: ${FOLLOW_UP}` })).toBeVisible();
  await expectNoViolations(page);
  expect(await smallTargets(page)).toEqual([]);
});
