import { expect, test } from '@playwright/test';

test('the clock limit is set in Ajustes, refused when not a positive number, and kept', async ({ page }) => {
  await page.goto('/#/settings');
  const clock = page.getByRole('region', { name: 'Reloj' });
  const field = clock.getByLabel('Relojes adelantados aceptados (horas)');
  await expect(field).toHaveValue('24');
  await field.fill('0');
  await clock.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Escriba un número de horas mayor que cero.')).toBeVisible();
  await field.fill('48');
  await clock.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Límite del reloj guardado.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Relojes adelantados aceptados (horas)')).toHaveValue('48');
});
