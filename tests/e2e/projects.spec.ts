import { expect, test } from '@playwright/test';
import { SEED_TITLE_ES } from './helpers';

test('the seed project shows its properties, SDG targets, budget and timeline', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await expect(page.getByRole('heading', { name: SEED_TITLE_ES })).toBeVisible();
  const money = await page.evaluate(() =>
    new Intl.NumberFormat('es', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(462640),
  );
  await expect(page.getByText(money)).toBeVisible();
  await expect(page.getByText('Meta ODS 1.3')).toBeVisible();
  await expect(page.getByText('Meta ODS 3.8')).toBeVisible();
  await expect(page.getByText('El Salvador').first()).toBeVisible();
  for (const code of ['OBJ 1', 'OBJ 2', 'OBJ 3']) await expect(page.getByText(code, { exact: false }).first()).toBeVisible();
  for (const code of ['SLV/16/02/RBS', 'SLV 238', 'SLV 812', 'SEN 240']) {
    await expect(page.getByRole('cell', { name: code, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('cell', { name: 'Senegal' })).toBeVisible();
  await expect(page.locator('canvas')).toBeVisible();
});

test('search finds projects by code or title, ignoring accents', async ({ page }) => {
  await page.goto('/');
  const search = page.getByLabel('Buscar proyectos');
  await search.fill('proteccion social');
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await search.fill('SLV/16/03');
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await search.fill('zzz nada');
  await expect(page.getByText('Ningún proyecto coincide con «zzz nada».')).toBeVisible();
});

test('create validates field by field with translated errors, then edit and delete with undo', async ({ page }) => {
  await page.goto('/#/projects/new');
  await page.getByLabel('Inicio').fill('2026-06-01');
  await page.getByLabel('Fin', { exact: true }).fill('2026-01-01');
  await page.getByLabel('Presupuesto (importe)').fill('-5');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('textbox', { name: 'Código', exact: true })).toHaveAccessibleDescription(/Este campo es obligatorio/);
  await expect(page.getByRole('textbox', { name: 'Código', exact: true })).toBeFocused();
  await expect(page.getByText('La fecha de fin no puede ser anterior a la de inicio.')).toBeVisible();
  await expect(page.getByText('El presupuesto no puede ser negativo.')).toBeVisible();

  // The same errors in English.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByText('The end date cannot be before the start date.')).toBeVisible();
  await page.getByLabel('Language').selectOption('es');

  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('SLV/20/01/TST');
  await page.getByLabel('En español').first().fill('Registro de trabajadoras domésticas');
  await page.getByLabel('Fin', { exact: true }).fill('2026-12-31');
  await page.getByLabel('Presupuesto (importe)').fill('1000');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { name: 'Registro de trabajadoras domésticas' })).toBeVisible();

  await page.getByRole('link', { name: 'Editar' }).first().click();
  await expect(page.getByRole('textbox', { name: 'Código', exact: true })).toHaveValue('SLV/20/01/TST');
  await page.getByLabel('En inglés').first().fill('Register of domestic workers');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Register of domestic workers' })).toBeVisible();
  await page.getByLabel('Language').selectOption('es');

  await page.getByRole('button', { name: 'Eliminar' }).first().click();
  await expect(page.getByRole('heading', { name: 'Proyectos' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Registro de trabajadoras domésticas' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Deshacer' }).click();
  await expect(page.getByRole('link', { name: 'Registro de trabajadoras domésticas' })).toBeVisible();
});

test('outcomes of a project: create, edit, delete with undo', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await page.getByRole('link', { name: 'Nuevo resultado' }).click();
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Este campo es obligatorio.').first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('SLV 901');
  await page.getByLabel('En español').first().fill('Cobertura de trabajadoras domésticas ampliada');
  await page.getByLabel('Tipo').selectOption('output');
  await page.getByRole('button', { name: 'Guardar' }).click();

  await expect(page.getByRole('heading', { name: SEED_TITLE_ES })).toBeVisible();
  await expect(page.getByText('Cobertura de trabajadoras domésticas ampliada')).toBeVisible();

  await page.getByRole('link', { name: 'Editar el resultado SLV 901' }).click();
  await page.getByLabel('En español').first().fill('Cobertura ampliada a trabajadoras domésticas');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Cobertura ampliada a trabajadoras domésticas')).toBeVisible();

  await page.getByRole('button', { name: 'Eliminar el resultado SLV 901' }).click();
  await expect(page.getByText('Cobertura ampliada a trabajadoras domésticas')).toHaveCount(0);
  await page.getByRole('button', { name: 'Deshacer' }).click();
  await expect(page.getByText('Cobertura ampliada a trabajadoras domésticas')).toBeVisible();
});

test('a change in one tab shows in another tab of the same device', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto('/');
  await second.goto('/');
  await expect(second.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();

  await first.goto('/#/projects/new');
  await first.getByRole('textbox', { name: 'Código', exact: true }).fill('TAB/1');
  await first.getByLabel('En español').first().fill('Creado en otra pestaña');
  await first.getByRole('button', { name: 'Guardar' }).click();
  await expect(second.getByRole('link', { name: 'Creado en otra pestaña' })).toBeVisible();
});

test('chart.js is loaded only on the page that shows a chart', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto('/');
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  const chartChunk = (paths: string[]) => paths.some((p) => p.includes('timeline-chart'));
  expect(chartChunk(scripts)).toBe(false);
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await expect(page.locator('canvas')).toBeVisible();
  expect(chartChunk(scripts)).toBe(true);
});
