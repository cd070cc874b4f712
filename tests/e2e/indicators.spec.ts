import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { SEED_TITLE_ES, openControlled } from './helpers';

test('an indicator is created offline after its errors are shown and fixed, edited, deleted and restored', async ({ page, context }) => {
  await openControlled(page);
  await context.setOffline(true);
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await page.getByRole('link', { name: 'Nuevo indicador para OBJ 2' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nuevo indicador' })).toBeVisible();

  // Nothing typed, a percentage over 100 and a year of two digits: each field says what is wrong.
  await page.getByRole('button', { name: 'Añadir un periodo' }).click();
  await page.getByLabel('Meta, Total, periodo 1').fill('150');
  await page.getByLabel('Año de la línea de base').fill('19');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Revise los campos marcados.')).toBeVisible();
  await expect(page.getByText('Este campo es obligatorio.').first()).toBeVisible();
  await expect(page.getByText('Un porcentaje va de 0 a 100.')).toBeVisible();
  await expect(page.getByText('Escriba un año de cuatro cifras, por ejemplo 2019.')).toBeVisible();
  await expect(page.getByLabel('En español')).toBeFocused();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await page.getByLabel('En español').fill('Trabajadoras domésticas afiliadas al ISSS');
  await page.getByLabel('En inglés').fill('Domestic workers affiliated to ISSS');
  await page.getByLabel('Valor de la línea de base').fill('12,5');
  await page.getByLabel('Año de la línea de base').fill('2019');
  await page.getByLabel('Meta, Total, periodo 1').fill('30');
  await page.getByLabel('Meta, Mujeres, periodo 1').fill('35');
  await page.getByLabel('Fuente').fill('ISSS, registros administrativos');
  await expect(page.getByText('Un porcentaje va de 0 a 100.')).toBeHidden();
  await page.getByRole('button', { name: 'Guardar' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Trabajadoras domésticas afiliadas al ISSS' })).toBeVisible();
  await expect(page.getByText('12,5 % (2019)')).toBeVisible();
  const targets = page.getByRole('row').filter({ hasText: 'Mujeres' });
  await expect(targets).toContainText('35 %');

  // Edit: the values come back as typed.
  await page.getByRole('link', { name: 'Editar' }).click();
  await expect(page.getByLabel('Meta, Mujeres, periodo 1')).toHaveValue('35');
  await page.getByLabel('Meta, Hombres, periodo 1').fill('25');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Hombres' })).toContainText('25 %');

  // Listed under its outcome; deleted with undo.
  await page.getByRole('link', { name: 'OBJ 2' }).click();
  const name = 'Trabajadoras domésticas afiliadas al ISSS';
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Eliminar el indicador ${name}` }).click();
  await expect(page.getByRole('link', { name, exact: true })).toBeHidden();
  await page.getByRole('button', { name: 'Deshacer' }).click();
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
});
