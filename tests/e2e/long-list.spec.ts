import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';
import { DEPARTMENTS, VILLAGES, villageDepartment, villageLabel } from '../bench/long-list.mjs';
import { openControlled } from './helpers';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITLE = 'Aldeas de prueba';

/** The benchmark's 50,000 villages as an XLSForm, the way a Kobo user carries them. */
function villagesForm(): SheetSpec[] {
  const departments = Array.from({ length: DEPARTMENTS }, (_, i) => ['department', `d${String(i + 1).padStart(2, '0')}`, `Departamento ${i + 1}`, '']);
  const villages = Array.from({ length: VILLAGES }, (_, i) => ['village', `v${i + 1}`, villageLabel(i), villageDepartment(i)]);
  return [
    {
      name: 'survey',
      rows: [
        ['type', 'name', 'label', 'appearance', 'required'],
        ['select_one department', 'department', 'Departamento', '', ''],
        ['select_one village', 'village', 'Aldea', 'autocomplete', 'yes'],
        ['select_multiple department', 'visited', 'Departamentos visitados', 'autocomplete', ''],
      ],
    },
    { name: 'choices', rows: [['list_name', 'name', 'label', 'dept'], ...departments, ...villages] },
    { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_long_list', '1', TITLE]] },
  ];
}

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a 50,000-choice select is searched and answered offline on a phone, with only the rows in view in the page', async ({ page, context }) => {
  test.setTimeout(180_000);
  await openControlled(page);
  await context.setOffline(true);
  await page.goto('/#/forms/import');
  await page.getByLabel('Archivo XLSForm (.xlsx)').setInputFiles({ name: 'aldeas.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(villagesForm())) });
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);

  await page.getByRole('link', { name: `Iniciar entrevista: ${TITLE}` }).click();
  await page.getByRole('radio', { name: 'Departamento 7', exact: true }).check();
  await page.getByRole('button', { name: 'Siguiente' }).click();

  const search = page.getByRole('combobox', { name: 'Buscar: Aldea' });
  const list = page.getByRole('listbox', { name: 'Aldea' });
  const options = list.getByRole('option');
  await expect(search).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'opciones' })).toHaveText('50.000 opciones');
  await expect(options.first()).toHaveText(villageLabel(0));
  const optionNodes = () => page.locator('[role="option"], input[type="radio"], input[type="checkbox"]').count();
  expect(await optionNodes()).toBeLessThan(100);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // Scrolled to the end, the last villages are there, and still only a few rows.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(list.getByRole('option', { name: villageLabel(VILLAGES - 1) })).toBeVisible();
  expect(await optionNodes()).toBeLessThan(100);

  // Typed without accents and in any case, as enumerators type.
  await search.pressSequentially('MARTIN 4999');
  const expected = Array.from({ length: VILLAGES }, (_, i) => villageLabel(i)).filter((l) => l.includes('Martín') && l.includes('4999'));
  expect(expected.length).toBeGreaterThan(1);
  await expect(options).toHaveText(expected);
  await search.fill('');
  await search.pressSequentially('martin del valle 49999');
  await expect(options).toHaveText(['Puerto Martín del Valle 49999']);
  // Keyboard: down to the option, Enter picks it.
  await search.press('ArrowDown');
  await expect(search).toHaveAttribute('aria-activedescendant', /option-0$/);
  await search.press('Enter');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('Respuesta: Puerto Martín del Valle 49999')).toBeVisible();

  // Enter alone picks the only row a search leaves.
  await search.fill('');
  await search.pressSequentially('TOMAS DE GUADALUPE 10069');
  await expect(options).toHaveText(['Puerto Tomás de Guadalupe 10069']);
  await search.press('Enter');
  await expect(page.getByText('Respuesta: Puerto Tomás de Guadalupe 10069')).toBeVisible();

  // A tap on another row changes the answer.
  await search.fill('pena del carmen 12345');
  await options.filter({ hasText: 'Los Peña del Carmen 12345' }).click();
  await expect(page.getByText('Respuesta: Los Peña del Carmen 12345')).toBeVisible();
  expect(await optionNodes()).toBeLessThan(100);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await page.getByRole('button', { name: 'Siguiente' }).click();

  // A short list with the autocomplete appearance gets the search box too; several answers.
  const visited = page.getByRole('listbox', { name: 'Departamentos visitados' });
  await expect(visited).toHaveAttribute('aria-multiselectable', 'true');
  const searchVisited = page.getByRole('combobox', { name: 'Buscar: Departamentos visitados' });
  await searchVisited.fill('departamento 12');
  await visited.getByRole('option', { name: 'Departamento 12' }).click();
  await searchVisited.fill('3');
  await visited.getByRole('option', { name: 'Departamento 3', exact: true }).click();
  await visited.getByRole('option', { name: 'Departamento 13' }).click();
  await visited.getByRole('option', { name: 'Departamento 13' }).click();
  // From the keyboard in the list itself: arrows, then Space.
  await searchVisited.fill('departamento 4');
  await visited.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(visited).toHaveAttribute('aria-activedescendant', /option-1$/);
  await page.keyboard.press(' ');
  await expect(visited.getByRole('option', { name: 'Departamento 14' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press(' ');
  await expect(visited.getByRole('option', { name: 'Departamento 14' })).toHaveAttribute('aria-selected', 'false');
  // In the list's order, whatever the order of the taps.
  await expect(page.getByText('Respuestas: Departamento 3, Departamento 12')).toBeVisible();

  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();

  await page.goto('/#/forms/e2e_long_list/responses');
  await page.getByRole('list', { name: 'Respuestas' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/#\/responses\//);
  await expect(page.getByText('Los Peña del Carmen 12345')).toBeVisible();
  await expect(page.getByText('Departamento 7')).toBeVisible();
  await expect(page.getByText('Departamento 3, Departamento 12')).toBeVisible();
});
