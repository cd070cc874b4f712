// ODK Collect's search() appearance: a select whose choices row names columns of an
// attached CSV, filtered by an earlier answer (search('villages', 'matches', 'dept',
// ${dept})). Imported with its CSV offline on a phone-sized screen, the select lists the
// CSV's villages of the department chosen, the search box narrows them, and the answer
// is finalized and read on the response page by its label from the file.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';
import { openControlled } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITLE = 'Aldeas por búsqueda';

const VILLAGES_CSV = [
  'code,village_name,dept',
  'v1,Perquín,MOR',
  'v2,Arambala,MOR',
  'v3,San Fernando,MOR',
  'v4,Conchagua,UNI',
  'v5,San Alejo,UNI',
  '',
].join('\n');

const SHEETS: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label', 'appearance'],
      ['select_one dept', 'dept', 'Departamento', ''],
      ['select_one vil', 'village', 'Aldea', "search('villages', 'matches', 'dept', ${dept})"],
    ],
  },
  {
    name: 'choices',
    rows: [
      ['list_name', 'name', 'label'],
      ['dept', 'MOR', 'Morazán'],
      ['dept', 'UNI', 'La Unión'],
      ['vil', 'code', 'village_name'],
    ],
  },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_search_appearance', '1', TITLE]] },
];

const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();

test("a search('villages', 'matches', 'dept', ${dept}) select lists the CSV's villages of the department chosen, offline", async ({ page }) => {
  await openControlled(page);
  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Encuestas' }).click();
  await page.getByRole('link', { name: 'Importar XLSForm' }).click();
  await page.getByLabel(/^Archivo XLSForm/).setInputFiles([
    { name: 'aldeas.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(SHEETS)) },
    { name: 'villages.csv', mimeType: 'text/csv', buffer: Buffer.from(VILLAGES_CSV) },
  ]);
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible();
  // Honoured: no warning names the appearance or its file.
  await expect(page.getByText(/search\(/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);

  await page.getByRole('link', { name: `Iniciar entrevista: ${TITLE}` }).click();
  await page.getByRole('radio', { name: 'Morazán', exact: true }).check();
  await next(page);

  const search = page.getByRole('combobox', { name: 'Buscar: Aldea' });
  const options = page.getByRole('listbox', { name: 'Aldea' }).getByRole('option');
  await expect(search).toBeVisible();
  await expect(options).toHaveText(['Perquín', 'Arambala', 'San Fernando']);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await search.pressSequentially('san');
  await expect(options).toHaveText(['San Fernando']);
  await options.first().click();
  await expect(page.getByText('Respuesta: San Fernando')).toBeVisible();

  // Another department: the list follows the answer.
  await page.getByRole('button', { name: 'Atrás' }).click();
  await page.getByRole('radio', { name: 'La Unión', exact: true }).check();
  await next(page);
  await search.fill('');
  await expect(options).toHaveText(['Conchagua', 'San Alejo']);
  await search.pressSequentially('alejo');
  await expect(options).toHaveText(['San Alejo']);
  await options.first().click();
  await expect(page.getByText('Respuesta: San Alejo')).toBeVisible();
  await next(page);

  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();
  await page.getByRole('link', { name: `Respuestas: ${TITLE}` }).click();
  await page.getByRole('list', { name: 'Respuestas' }).getByRole('link').first().click();
  const answer = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  await expect(answer('Departamento')).toHaveText('La Unión');
  await expect(answer('Aldea')).toHaveText('San Alejo');
});
