import { expect, test } from '@playwright/test';
import { openControlled, SEED_CODE, SEED_TITLE_ES, seedVisible } from './helpers';

test('the service worker takes control and the app starts offline with the seed project', async ({ page, context }) => {
  await openControlled(page);
  await seedVisible(page);

  await context.setOffline(true);
  const indicator = page.getByRole('banner').getByRole('status');
  await expect(indicator).toHaveText('Sin conexión');
  // (Chromium's emulated offline state does not reach navigator.onLine of a reloaded
  // document, so the indicator is checked before the reload.)
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Proyectos' })).toBeVisible();
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await expect(page.getByText(SEED_CODE).first()).toBeVisible();
  // The chart's lazy chunk comes from the precache too.
  await expect(page.locator('canvas')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'SEN 240' })).toBeVisible();
});

test('a project created offline survives an offline reload', async ({ page, context }) => {
  await openControlled(page);
  await context.setOffline(true);

  await page.getByRole('link', { name: 'Nuevo proyecto' }).click();
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('SLV/99/01/TST');
  await page.getByLabel('En español').first().fill('Encuesta piloto en Morazán');
  await page.getByLabel('Inicio').fill('2026-01-01');
  await page.getByLabel('Fin', { exact: true }).fill('2026-12-31');
  await page.getByLabel('Presupuesto (importe)').fill('15000');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { name: 'Encuesta piloto en Morazán' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Encuesta piloto en Morazán' })).toBeVisible();
  const money = await page.evaluate(() =>
    new Intl.NumberFormat('es', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(15000),
  );
  await expect(page.getByText(money)).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Encuesta piloto en Morazán' })).toBeVisible();
  await seedVisible(page);
});
